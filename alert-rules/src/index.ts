export { loadSloSpecs, SloSpec, SloSpecError } from './slo-spec.ts';
export { BURN_ALERTS, LONG_WINDOWS, SHORT_WINDOWS, WINDOWS, renderSloRules, sloRuleGroup } from './slo-rules.ts';
export { catalogueErrors, selections, type Selection } from './promql.ts';
export { ALERT_RULES_DIR, ALERTMANAGER_YML, EXPORTERS_JOB, RULES_DIR } from './shipped.ts';
