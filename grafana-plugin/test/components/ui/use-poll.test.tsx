import { act, renderHook, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { usePoll } from '../../../src/ui/hooks/usePoll';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a load slower than the interval still lands, and polls never overlap', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  let calls = 0;
  const load = async () => {
    calls++;
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await sleep(60);
    inFlight--;
    return calls;
  };
  const { result, unmount } = renderHook(() => usePoll(load, 10, []));
  await waitFor(() => expect(result.current.data).toBeGreaterThanOrEqual(2), { timeout: 2000 });
  expect(maxInFlight).toBe(1);
  unmount();
  const after = calls;
  await sleep(150);
  expect(calls, 'no polling after unmount').toBe(after);
});

test('new deps start from nothing: the old data and error are not shown while the new load runs', async () => {
  let release: (v: string) => void = () => undefined;
  const load = (key: string) => (key === 'a' ? Promise.reject(new Error('a failed')) : new Promise<string>((r) => (release = r)));
  const { result, rerender } = renderHook(({ key }) => usePoll(() => load(key), 0, [key]), { initialProps: { key: 'a' } });
  await waitFor(() => expect(result.current.error?.message).toBe('a failed'));
  rerender({ key: 'b' });
  expect(result.current.error).toBeUndefined();
  expect(result.current.data).toBeUndefined();
  expect(result.current.loading).toBe(true);
  await act(async () => release('b data'));
  expect(result.current.data).toBe('b data');
});

test('a reload keeps the last data while it runs, and a late answer for old deps is dropped', async () => {
  const answers: Array<(v: string) => void> = [];
  const { result, rerender } = renderHook(({ key }) => usePoll(() => new Promise<string>((r) => answers.push((v) => r(`${key}:${v}`))), 0, [key]), { initialProps: { key: 'a' } });
  await act(async () => answers[0]!('1'));
  expect(result.current.data).toBe('a:1');
  act(() => result.current.reload());
  expect(result.current.data).toBe('a:1');
  rerender({ key: 'b' });
  await act(async () => answers[1]!('late')); // the reload for "a" answers after the switch
  expect(result.current.data).toBeUndefined();
  await act(async () => answers[2]!('2'));
  expect(result.current.data).toBe('b:2');
});
