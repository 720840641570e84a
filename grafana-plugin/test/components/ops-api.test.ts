// The ops API client: each call reaches its contracts endpoint (method, filled and encoded path,
// query without blanks, body), and an answer that breaks the endpoint's response schema or an
// error body comes back as an ApiError.
import { expect, test } from 'vitest';
import { ApiError, opsApi, runLogsStreamUrl } from '../../src/api/ops-api';
import { calls, on, pathOf } from '../fake-backend';

const result = { done: 1, skipped: 0, total: 1 };

test('path params are filled and encoded, blank query fields dropped', async () => {
  on('GET', /^\/runs$/, { data: { items: [], nextCursor: null } });
  on('GET', /^\/runs\/[^/]+\/[^/]+\/logs$/, { data: { items: ['a'], count: 1 } });
  await opsApi.runs({ queue: 'orders', tenant: '', state: undefined, limit: 20 });
  expect(await opsApi.runLogs('mail send', 'a/b', 3)).toEqual({ items: ['a'], count: 1 });
  expect(calls.map((c) => [c.method, pathOf(c), c.params])).toEqual([
    ['GET', '/runs', { queue: 'orders', limit: 20 }],
    ['GET', '/runs/mail%20send/a%2Fb/logs', { start: 3 }],
  ]);
});

test('mutations POST their body to the endpoint of the action', async () => {
  on('POST', /^\/dlq\/(retry|delete)$/, { data: result });
  on('POST', /^\/dlq\/[^/]+\/retry$/, { data: result });
  await opsApi.dlqBulk('retry', { ids: ['orders:1'] }, 'ERP is back');
  await opsApi.dlqBulk('delete', { filter: { type: 'mail.send' } }, 'obsolete');
  await opsApi.dlqRetryOne('orders:7', 'once more');
  expect(calls.map((c) => [c.method, pathOf(c), c.data])).toEqual([
    ['POST', '/dlq/retry', { ids: ['orders:1'], reason: 'ERP is back' }],
    ['POST', '/dlq/delete', { filter: { type: 'mail.send' }, reason: 'obsolete' }],
    ['POST', '/dlq/orders%3A7/retry', { reason: 'once more' }],
  ]);
});

test("an answer that breaks the endpoint's schema is a contract_mismatch; an error body is an ApiError", async () => {
  on('GET', /^\/queues$/, { data: { items: [{ name: 'orders' }] } });
  await expect(opsApi.queues()).rejects.toMatchObject({ status: 502, code: 'contract_mismatch', message: expect.stringContaining('/queues') });
  on('POST', /^\/runs\/orders\/1\/replay$/, { status: 404, data: { error: { code: 'not_found', message: 'run orders/1 not found', field: 'id' } } });
  const err = await opsApi.replay('orders', '1', 'again').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  expect(err).toMatchObject({ status: 404, code: 'not_found', field: 'id' });
});

test('the log stream URL is the logs endpoint behind the proxy', () => {
  expect(runLogsStreamUrl('orders', 'job 1', 5)).toBe('/api/plugin-proxy/trafi-ops-app/ops/api/v1/runs/orders/job%201/logs?start=5');
});
