// Every gauge of a scrape calls its collect() at once: they share one load in flight,
// and, with `cacheMs`, every scrape within that window shares its result.
export function sharedLoad<T>(load: () => Promise<T>, cacheMs = 0): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  let cached: { at: number; value: T } | undefined;
  return () => {
    if (inFlight) return inFlight;
    if (cached && Date.now() - cached.at < cacheMs) return Promise.resolve(cached.value);
    inFlight = load()
      .then((value) => {
        cached = { at: Date.now(), value };
        return value;
      })
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}
