// The adapter's `k6` module: check, group, sleep, fail (k6's semantics, in Node).
import { emit, runtime } from '../runtime.ts';

export function check<T>(value: T, sets: Record<string, (v: T) => boolean>, tags: Record<string, string> = {}): boolean {
  let all = true;
  for (const [name, fn] of Object.entries(sets)) {
    let ok = false;
    try {
      ok = Boolean(fn(value));
    } catch {
      ok = false; // k6 counts a throwing check as failed
    }
    emit('checks', 'rate', ok ? 1 : 0, { ...tags, check: name });
    all &&= ok;
  }
  return all;
}

export function group<T>(name: string, fn: () => T): T {
  runtime.groups.push(name);
  const started = performance.now();
  try {
    return fn();
  } finally {
    emit('group_duration', 'trend', performance.now() - started);
    runtime.groups.pop();
  }
}

/** Blocks like k6's sleep (the script's thread is the VU). */
export function sleep(seconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, seconds * 1000));
}

export function fail(message = ''): never {
  throw new Error(message);
}

export default { check, group, sleep, fail };
