// The demo's release directories, as CI would produce them: each holds a release.json telling
// the local driver how to start one instance. `v1` is good; `v2`'s checkout fails half the time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const INSTANCE = fileURLToPath(new URL('./instance.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

export interface DemoRelease {
  version: string;
  checkoutFailureRate: number;
}

export const DEMO_RELEASES: DemoRelease[] = [
  { version: 'v1', checkoutFailureRate: 0 },
  { version: 'v2', checkoutFailureRate: 0.5 },
];

/** Writes `<root>/<version>/{api,workers}/release.json` (and a dashboard dir when `pluginJson` is given); returns the directories. */
export function writeReleaseDirectories(root: string, releases: DemoRelease[] = DEMO_RELEASES, pluginJson?: string): Record<string, { api: string; workers: string; dashboard?: string }> {
  const out: Record<string, { api: string; workers: string; dashboard?: string }> = {};
  for (const r of releases) {
    const dirs = { api: join(root, r.version, 'api'), workers: join(root, r.version, 'workers') } as { api: string; workers: string; dashboard?: string };
    for (const dir of [dirs.api, dirs.workers]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'release.json'), JSON.stringify({ command: [process.execPath, '--import', TSX_LOADER, INSTANCE], env: { CHECKOUT_FAILURE_RATE: String(r.checkoutFailureRate) } }, null, 2));
    }
    if (pluginJson) {
      dirs.dashboard = join(root, r.version, 'dashboard');
      mkdirSync(dirs.dashboard, { recursive: true });
      writeFileSync(join(dirs.dashboard, 'plugin.json'), pluginJson.replace(/"version": "[^"]*"/, `"version": "${r.version}"`));
    }
    out[r.version] = dirs;
  }
  return out;
}
