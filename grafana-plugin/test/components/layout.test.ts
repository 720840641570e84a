// The plugin by feature, read from its sources: a feature (src/features/<name>) imports ui/, api/,
// theme/, config and contracts but never another feature, nothing but the router (App.tsx) imports
// a feature, and only a feature's queries module (*Queries.ts) asks Prometheus or names a series,
// so test/components/queries.test.ts sees every PromQL the plugin sends.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Every .ts/.tsx file under src, by its path relative to src ("features/dlq/DlqPage.tsx"). */
function sources(): Map<string, string> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'));
  return new Map(files.map((f) => [f.split(path.sep).join('/'), readFileSync(path.join(SRC, f), 'utf8')]));
}

/** What a source imports: static, re-exported and lazy (`import('./x')`) module specifiers with the names taken. */
function imports(source: string): Array<{ spec: string; names: string }> {
  const found = [...source.matchAll(/^\s*(?:import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)].map((m) => ({ spec: m[2]!, names: m[1]! }));
  const lazy = [...source.matchAll(/\bimport\(\s*(?:\/\*.*?\*\/\s*)?['"]([^'"]+)['"]\s*\)/g)].map((m) => ({ spec: m[1]!, names: '*' }));
  return [...found, ...lazy];
}

/** The feature a src-relative path belongs to ("dlq"), or undefined. */
const featureOf = (file: string) => /^features\/([^/]+)\//.exec(file)?.[1];

/** The series names the catalogue exports (a PromQL built from them belongs in a queries module). */
const SERIES_EXPORTS = /\b(METRICS|RECORDING_RULES|EXTERNAL_SERIES|sloErrorRatio|sloBurnRate|recordingRuleNames|selectableSeries)\b/;
const QUERY_CALLS = /\b(instantQuery|rangeQuery)\b/;

/** What breaks the layout, one line per import (empty when nothing does). */
function layoutErrors(files: Map<string, string>): string[] {
  const errors: string[] = [];
  for (const [file, source] of files) {
    const mine = featureOf(file);
    const isQueries = mine !== undefined && /Queries\.ts$/.test(file);
    for (const { spec, names } of imports(source)) {
      const target = spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)) : undefined;
      const theirs = target === undefined ? undefined : featureOf(`${target}/`);
      if (theirs !== undefined && mine !== undefined && theirs !== mine) errors.push(`${file}: feature ${mine} imports feature ${theirs} (${spec}); share it through ui/`);
      if (theirs !== undefined && mine === undefined && file !== 'App.tsx') errors.push(`${file}: imports feature ${theirs} (${spec}); only the router (App.tsx) may`);
      if (isQueries) continue;
      if (spec === '@trafi-ops/contracts' && SERIES_EXPORTS.test(names)) errors.push(`${file}: names catalogue series outside a queries module (${names})`);
      if (target === 'api/prometheus' && QUERY_CALLS.test(names)) errors.push(`${file}: asks Prometheus outside a queries module (${names})`);
    }
  }
  return errors;
}

test('no feature imports another, only App.tsx imports a feature, only *Queries.ts ask Prometheus', () => {
  const files = sources();
  expect([...files.keys()].filter((f) => featureOf(f)).length).toBeGreaterThan(20);
  expect(layoutErrors(files)).toEqual([]);
});

test('the check can fail', () => {
  const bad = new Map([
    ['features/dlq/DlqEntryDetail.tsx', "import { runUrl } from '../runs/RunFields';\nimport { HEALTH_GROUPS } from '../../features/health/healthCells';"],
    ['features/runs/RunsPage.tsx', "import { usePoll } from '../../ui/hooks/usePoll';\nimport { formatDuration } from './RunFields';"],
    ['ui/AppLayout.tsx', "import {\n  QueueRow,\n} from '../features/queues/QueueRow';"],
    ['module.tsx', "const Page = lazyPage(() => import(/* webpackChunkName: \"dlq\" */ './features/dlq/DlqPage'));"],
    ['features/queues/QueueRow.tsx', "import { RECORDING_RULES, type QueueInfo } from '@trafi-ops/contracts';\nimport { instantQuery } from '../../api/prometheus';"],
    ['features/queues/queueQueries.ts', "import { RECORDING_RULES } from '@trafi-ops/contracts';\nimport { instantQuery } from '../../api/prometheus';"],
  ]);
  expect(layoutErrors(bad)).toEqual([
    'features/dlq/DlqEntryDetail.tsx: feature dlq imports feature runs (../runs/RunFields); share it through ui/',
    'features/dlq/DlqEntryDetail.tsx: feature dlq imports feature health (../../features/health/healthCells); share it through ui/',
    'ui/AppLayout.tsx: imports feature queues (../features/queues/QueueRow); only the router (App.tsx) may',
    'module.tsx: imports feature dlq (./features/dlq/DlqPage); only the router (App.tsx) may',
    'features/queues/QueueRow.tsx: names catalogue series outside a queries module ({ RECORDING_RULES, type QueueInfo })',
    'features/queues/QueueRow.tsx: asks Prometheus outside a queries module ({ instantQuery })',
  ]);
});
