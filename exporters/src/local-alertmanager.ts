// `npm start` runs Alertmanager too when its binary is on PATH: the shipped
// alert-rules/alertmanager.yml as it is, so the ops API's GET /api/v1/alerts (the dashboard
// banner) has a source. Slack and PagerDuty deliver once their secret files exist under
// /etc/alertmanager/secrets/; until then Alertmanager logs each failed delivery and still holds
// the alerts.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('../../alert-rules/alertmanager.yml', import.meta.url));

export type LocalAlertmanager = { url: string; hostPort: string; child: ChildProcess } | { missing: string };

export function startAlertmanager(dataDir: string, listen: string): LocalAlertmanager {
  if (spawnSync('prometheus-alertmanager', ['--version']).error) return { missing: 'prometheus-alertmanager is not on PATH: apt-get install -y prometheus-alertmanager (or use docker-compose)' };
  const dir = resolve(dataDir, 'alertmanager');
  mkdirSync(dir, { recursive: true });
  // A single local instance: no cluster port.
  const child = spawn('prometheus-alertmanager', [`--config.file=${CONFIG}`, `--storage.path=${dir}`, `--web.listen-address=${listen}`, '--cluster.listen-address='], { stdio: 'ignore' });
  return { url: `http://${listen}`, hostPort: listen, child };
}
