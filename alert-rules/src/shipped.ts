// What the rules ship and expect: where the rule files and the Alertmanager config are on disk
// (other workspaces, the demo's `npm start` and tests, load them through this package instead of
// building paths into it) and the scrape job name the rules select the exporters by.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ALERT_RULES_DIR = fileURLToPath(new URL('..', import.meta.url)); // alert-rules/
/** The Prometheus rule files: `${RULES_DIR}/*.yml`. */
export const RULES_DIR = join(ALERT_RULES_DIR, 'rules');
export const ALERTMANAGER_YML = join(ALERT_RULES_DIR, 'alertmanager.yml');
/** The scrape job of the exporters, as in prometheus.yml: `up{job="trafi-exporters"}` in the alerts. */
export const EXPORTERS_JOB = 'trafi-exporters';
