// `npm start` keeps its state in <repo>/.data, whichever workspace npm runs it from; a DATA_DIR
// given by the user is taken relative to where they typed the command.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function dataDir(env: NodeJS.ProcessEnv): string {
  return env.DATA_DIR ? resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR) : resolve(REPO_ROOT, '.data');
}
