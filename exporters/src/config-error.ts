// A configuration the product cannot start with; its message names the variable. A module of its
// own so that parts with settings of their own (deployments/, support/) can throw it too.
import { readFileSync } from 'node:fs';

export class ConfigError extends Error {}

/** The text of the file a setting names; unreadable, an error naming the setting, the file and why. */
export function readConfigFile(name: string, file: string, Err: new (message: string) => Error = ConfigError): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Err(`${name}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
