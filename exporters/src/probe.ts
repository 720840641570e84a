// A dependency check bounded by a timeout, so a hung dependency reads as down
// (used by /readyz and by the health metrics).

export type Probe = () => Promise<unknown>;

export interface ProbeResult {
  up: boolean;
  latencySeconds: number;
  error?: string;
}

/** Runs a probe with a timeout; never throws. */
export async function runProbe(probe: Probe, timeoutMs: number): Promise<ProbeResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)))]);
    return { up: true, latencySeconds: (performance.now() - started) / 1000 };
  } catch (err) {
    return { up: false, latencySeconds: (performance.now() - started) / 1000, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}
