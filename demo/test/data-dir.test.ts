// npm start's state lands in <repo>/.data whichever workspace npm runs it from.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { dataDir } from '../src/data-dir.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

test('unset: <repo>/.data; given: relative to where the command was typed', () => {
  expect(dataDir({})).toBe(join(repo, '.data'));
  expect(dataDir({ DATA_DIR: 'state', INIT_CWD: '/home/me' })).toBe('/home/me/state');
  expect(dataDir({ DATA_DIR: '/var/lib/trafi' })).toBe('/var/lib/trafi');
  expect(dataDir({ DATA_DIR: 'x' })).toBe(resolve(process.env.INIT_CWD ?? process.cwd(), 'x'));
});
