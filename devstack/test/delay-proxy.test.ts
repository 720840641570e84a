// The bench's delay proxy: data passes intact and in order, and each round trip costs the RTT.
import { Redis } from 'ioredis';
import { expect, test } from 'vitest';
import { startDelayProxy } from '../src/delay-proxy.ts';

const REDIS_URL = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

test('a round trip through the proxy takes at least its RTT; replies are intact and in order', async () => {
  const proxy = await startDelayProxy({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) }, 5);
  const direct = new Redis(REDIS_URL.href);
  const delayed = new Redis(proxy.port, proxy.host);
  try {
    const rtt = async (r: Redis) => { const t = performance.now(); await r.ping(); return performance.now() - t; };
    await rtt(delayed);
    const samples = [await rtt(delayed), await rtt(delayed), await rtt(delayed)];
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(4.5);
    expect(Math.min(await rtt(direct), await rtt(direct))).toBeLessThan(4.5);
    const big = 'x'.repeat(300_000);
    const replies = await Promise.all([...Array(20).keys()].map((i) => delayed.echo(`${i}:${big}`)));
    expect(replies.map((r) => r.split(':')[0])).toEqual([...Array(20).keys()].map(String));
    expect(replies.every((r) => r.length === big.length + String(replies.indexOf(r)).length + 1)).toBe(true);
    expect(proxy.connections()).toBe(1);
  } finally {
    delayed.disconnect();
    direct.disconnect();
    await proxy.close();
  }
});
