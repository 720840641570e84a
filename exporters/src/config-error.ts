// A configuration the product cannot start with; its message names the variable. A module of its
// own so that parts with settings of their own (deployments/config.ts) can throw it too.
export class ConfigError extends Error {}
