// A cursor resumes strictly after the (score, member) position it encodes, whether or not that
// entry is still in the index: paging the DLQ or the runs while entries sharing a millisecond
// are deleted, retried or re-scored returns no entry twice and skips none of those that stayed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DeadLetterQueue, JobService, JobWorker, RunStore, defineJobType } from '../src/jobs/index.ts';
import { waitFor } from '@trafi-ops/devstack';
import { ctx, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const redis = redisFor();
const prefix = uniquePrefix();
const N = 240;
/** Every entry in one of 4 milliseconds: 60 share each score, as in a burst of failures. */
const T0 = 1_700_000_000_000;
const scoreOf = (i: number) => T0 + (i % 4);

const types = [defineJobType({ name: 'label.print', payload: z.object({ n: z.number() }), attempts: 1, handler: async () => { throw new Error('printer offline'); } })];
let jobs: JobService;
let dlq: DeadLetterQueue;
let runs: RunStore;

beforeAll(async () => {
  jobs = new JobService({ redis, prefix, logger, types });
  dlq = new DeadLetterQueue(jobs);
  runs = new RunStore(jobs);
  const worker = new JobWorker(jobs, 'label.print', { concurrency: 20 }).start();
  await jobs.enqueueBulk(Array.from({ length: N }, (_, n) => ({ type: 'label.print', payload: { n }, context: ctx() })));
  await waitFor('the DLQ to fill', async () => (await dlq.size()) === N, 60_000);
  await worker.close(); // retried entries stay waiting: the pages see them as runs, not DLQ entries
});

afterAll(async () => {
  await jobs.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

/** Puts every member of `keys` on a few shared scores. */
async function crowd(keys: string[]): Promise<string[]> {
  const members = await redis.zrange(keys[0]!, '0', '-1');
  const pipe = redis.pipeline();
  members.forEach((m, i) => keys.forEach((k) => pipe.zadd(k, 'XX', scoreOf(i), m)));
  await pipe.exec();
  return members;
}

interface Paging {
  page: (cursor: string | undefined) => Promise<{ ids: string[]; nextCursor: string | null }>;
  /** Takes an entry away from the paging (deleted, retried, trimmed or re-scored). */
  remove: (ids: string[]) => Promise<void>;
}

/** Pages through while removing the cursor's entry and others, between pages and concurrently. */
async function pageThrough({ page, remove }: Paging, all: string[]): Promise<{ seen: string[]; removed: Set<string> }> {
  const removed = new Set<string>();
  const take = async (ids: string[]) => {
    ids.forEach((id) => removed.add(id));
    await remove(ids);
  };
  let stop = false;
  // Meanwhile, another client removes an entry every few milliseconds anywhere in the index.
  const meanwhile = (async () => {
    for (let k = 7; !stop; k += 37) {
      await take([all[k % all.length]!]);
      await new Promise((r) => setTimeout(r, 3));
    }
  })();
  const seen: string[] = [];
  let cursor: string | undefined;
  try {
    for (let p = 0; p < 1000; p++) {
      const { ids, nextCursor } = await page(cursor);
      seen.push(...ids);
      if (!nextCursor) break;
      cursor = nextCursor;
      // The entry the cursor points to leaves, and with it one more of the same millisecond ahead.
      const last = ids.at(-1)!;
      const ahead = all[all.indexOf(last) + 4];
      await take(ahead && !seen.includes(ahead) ? [last, ahead] : [last]);
    }
  } finally {
    stop = true;
    await meanwhile;
  }
  return { seen, removed };
}

function expectExactlyOnce(seen: string[], all: string[], removed: Set<string>): void {
  const twice = seen.filter((id, i) => seen.indexOf(id) !== i);
  expect(twice, 'no entry twice').toEqual([]);
  const skipped = all.filter((id) => !removed.has(id) && !seen.includes(id));
  expect(skipped, 'none skipped among those that stayed').toEqual([]);
  // The test did disturb the paging: every page took at least its cursor's entry away.
  expect(removed.size).toBeGreaterThan(all.length / 10);
}

describe('a cursor resumes strictly after its position', () => {
  test('DLQ pages, while entries sharing a millisecond are deleted and retried', async () => {
    const all = await crowd([jobs.keys.dlqAll, jobs.keys.dlqByQueue('label.print'), jobs.keys.dlqByType('label.print'), jobs.keys.dlqByTenant('tenant-a')]);
    // In page order: newest score first, then member descending (as ZREVRANGE orders equal scores).
    const order = await redis.zrevrange(jobs.keys.dlqAll, 0, -1);
    let flip = false;
    const { seen, removed } = await pageThrough({
      page: async (cursor) => {
        const p = await dlq.list({ limit: 7, cursor });
        return { ids: p.items.map((e) => e.id), nextCursor: p.nextCursor };
      },
      remove: async (ids) => {
        flip = !flip;
        await (flip ? dlq.delete(ids) : dlq.retry(ids));
      },
    }, order);
    expect(all.length).toBe(N);
    expectExactlyOnce(seen, order, removed);
  });

  test('runs pages, while runs sharing a millisecond are trimmed or re-scored (a DLQ retry re-indexes its run)', async () => {
    await crowd([jobs.keys.runs]);
    // The runs whose job the DLQ test deleted are not listed (their index entry waits for the trim).
    const indexed = await redis.zrevrange(jobs.keys.runs, 0, -1);
    const alive = await Promise.all(indexed.map((id) => redis.exists(`${prefix}:${id}`)));
    const order = indexed.filter((_, i) => alive[i] === 1);
    let flip = false;
    const { seen, removed } = await pageThrough({
      page: async (cursor) => {
        const p = await runs.list({ limit: 7, cursor });
        return { ids: p.items.map((r) => `${r.queue}:${r.id}`), nextCursor: p.nextCursor };
      },
      remove: async (ids) => {
        flip = !flip;
        if (flip) await redis.zrem(jobs.keys.runs, ...ids);
        else await redis.zadd(jobs.keys.runs, ...ids.flatMap((id) => [T0 + 10_000, id])); // ahead of every page, as a DLQ retry re-indexes a run
      },
    }, order);
    expectExactlyOnce(seen, order, removed);
  });

  test('a cursor of an entry whose score changed or that left resumes at its old position', async () => {
    const key = `${prefix}:~probe`;
    await redis.zadd(key, 5, 'q:e', 5, 'q:d', 5, 'q:c', 4, 'q:b', 4, 'q:a');
    /** The first member the scan examines after the cursor. */
    const next = (member: string, score: string) =>
      jobs.commands.scanIndex({ index: key, mode: 'dlq', after: { member, score }, limit: 1, budget: 1 }).then((r) => r.next?.member);
    expect(await next('q:d', '5')).toBe('q:c');
    await redis.zadd(key, 9, 'q:d'); // re-scored ahead of the page
    expect(await next('q:d', '5')).toBe('q:c');
    await redis.zrem(key, 'q:d'); // gone
    expect(await next('q:d', '5')).toBe('q:c');
    expect(await next('q:bb', '4')).toBe('q:b'); // byte order: "q:b" sorts before "q:bb"
    expect(await next('q:zz', '4')).toBe('q:b');
    expect(await next('q:a', '4')).toBeUndefined(); // nothing after it
    expect(await next('q:x', '4.5')).toBe('q:b');
  });
});
