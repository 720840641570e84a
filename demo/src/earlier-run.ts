// A Redis that already holds our keys from an earlier `npm start`: the start says so, and
// `--fresh` (or TRAFI_FRESH=1) deletes the keys under our prefix, and only those, first.
import type { Stack } from '@trafi-ops/exporters';
import type { DemoConfig } from './config.ts';

export const wantsFresh = (argv: string[], config: Pick<DemoConfig, 'TRAFI_FRESH'>) => argv.includes('--fresh') || config.TRAFI_FRESH === '1';

/** What an earlier run left: runs in the index and DLQ entries (zero and zero on a clean Redis). */
export async function earlierRun(stack: Stack): Promise<{ runs: number; dlq: number }> {
  const [runs, dlq] = await Promise.all([stack.jobs.redis.zcard(stack.jobs.keys.runs), stack.dlq.size()]);
  return { runs, dlq };
}
