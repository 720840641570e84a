// Every gauge of a scrape calls its collect() at once: they share one load in flight,
// and, with `cacheMs`, every scrape within that window shares its result.
// With `timeoutMs` + `fallback` a load that fails or hangs (Redis down: commands wait in
// ioredis' offline queue) yields the fallback instead of failing the whole scrape, so the
// rest of /metrics (trafi_dependency_up 0 above all) still reaches Prometheus.
export interface SharedLoadOptions<T> {
  cacheMs?: number;
  timeoutMs?: number;
  fallback?: T;
  onError?: (err: Error) => void;
}

export function sharedLoad<T>(load: () => Promise<T>, opts: SharedLoadOptions<T> = {}): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let cached: { at: number; value: T } | undefined;
  const { cacheMs = 0, timeoutMs, fallback, onError } = opts;
  const bounded = (): Promise<T> => {
    if (timeoutMs === undefined) return load();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)));
    return Promise.race([load(), timeout]).finally(() => clearTimeout(timer));
  };
  return () => {
    if (inFlight) return inFlight;
    if (cached && Date.now() - cached.at < cacheMs) return Promise.resolve(cached.value);
    inFlight = bounded()
      .then((value) => {
        cached = { at: Date.now(), value };
        return value;
      })
      .catch((err: Error) => {
        if (fallback === undefined) throw err;
        onError?.(err);
        return fallback;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}
