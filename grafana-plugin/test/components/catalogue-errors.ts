// @trafi-ops/alert-rules' catalogueErrors for queries.test.ts, run in plain Node: in the component
// tests' jsdom, vite's browser transform rewrites alert-rules' `new URL('..', import.meta.url)`
// (where it finds its rule files) into a page URL and the package fails to load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/** What each expression selects that the metric catalogue does not know (one list per expression). */
export function catalogueErrorsOf(exprs: string[]): string[][] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', SELF], { cwd: path.dirname(SELF), input: JSON.stringify(exprs), encoding: 'utf8', env: { ...process.env, CATALOGUE_ERRORS_CHILD: '1' } });
  return JSON.parse(out) as string[][];
}

// The child: expressions (JSON) on stdin, their errors (JSON) on stdout.
if (process.env.CATALOGUE_ERRORS_CHILD === '1' && process.argv[1] === SELF) {
  const { catalogueErrors } = await import('@trafi-ops/alert-rules');
  const exprs = JSON.parse(readFileSync(0, 'utf8')) as string[];
  process.stdout.write(JSON.stringify(exprs.map((e) => catalogueErrors(e))));
}
