import { fillDlq, fillFailedSet } from './dlq-filler.ts';
import { withPrefix } from './common.ts';
const n = Number(process.argv[2] ?? 20000);
await withPrefix('tryfill', async (redis, prefix) => {
  const { jobs } = await fillDlq(redis, prefix, n);
  await jobs.close();
  const { queue } = await fillFailedSet(redis, prefix, n);
  await queue.close();
});
process.exit(0);
