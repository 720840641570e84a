// What `npm start` tells the user: the full banner once (and into <data dir>/start.txt, where it
// stays while the logs scroll), a one-line reminder with the URL and token from time to time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartFacts {
  apiUrl: string;
  metricsUrl: string;
  demoUrl?: string;
  prometheus: string;
  alertmanager: string;
  redis: string;
  database: string;
  queues: string[];
  /** Generated tokens (`name@role`, secret), shown because nobody else knows them. */
  tokens: [string, string][];
  earlier: { runs: number; dlq: number };
  /** Keys deleted by --fresh, when asked. */
  freshDeleted?: number;
  dataDir: string;
}

export function bannerLines(f: StartFacts): string[] {
  const lines = [
    '',
    'Trafi Ops is running',
    `  ops API     ${f.apiUrl}/api/v1   (health: ${f.apiUrl}/healthz, ${f.apiUrl}/readyz)`,
    `  metrics     ${f.metricsUrl}`,
    ...(f.demoUrl ? [`  demo        storefront API ${f.demoUrl}/api/stores/acme-store-1/products (shopper traffic + job producer on)`] : []),
    `  Prometheus  ${f.prometheus}`,
    `  Alertmanager ${f.alertmanager}`,
    `  Redis       ${f.redis}`,
    `  database    ${f.database}`,
    `  queues      ${f.queues.join(', ') || '(none)'}`,
  ];
  if (f.freshDeleted !== undefined) lines.push(`  fresh       deleted ${f.freshDeleted} keys of an earlier run (--fresh)`);
  else if (f.earlier.runs || f.earlier.dlq) lines.push(`  resuming: ${f.earlier.runs} runs, ${f.earlier.dlq} DLQ entries from an earlier run (start clean: npm start -- --fresh)`);
  for (const [name, secret] of f.tokens) lines.push(`  token       ${name}: ${secret}`);
  if (f.tokens[0]) lines.push(`  try         curl -H "Authorization: Bearer ${f.tokens[0][1]}" ${f.apiUrl}/api/v1/queues`);
  lines.push(`  this banner ${join(f.dataDir, 'start.txt')} (Enter prints it again)`, '  Ctrl-C stops gracefully.', '');
  return lines;
}

/** The reminder: where the API is and how to get in, in one line. */
export function shortBanner(f: StartFacts): string {
  const token = f.tokens[0] ? `, token ${f.tokens[0][0]}: ${f.tokens[0][1]}` : '';
  return `[trafi-ops] ops API ${f.apiUrl}/api/v1${token}; banner in ${join(f.dataDir, 'start.txt')}\n`;
}

export function writeBanner(f: StartFacts): string {
  const text = bannerLines(f).join('\n') + '\n';
  writeFileSync(join(f.dataDir, 'start.txt'), text);
  return text;
}
