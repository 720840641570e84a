// VictoriaMetrics (Debian's `victoria-metrics`, single node) on a loopback port, data under a dir
// of the caller's: the long-term store Prometheus remote-writes to (`/api/v1/write`) and that
// answers PromQL (`/api/v1/query`). For an HA pair of Prometheus it drops the replica label and
// keeps one sample per interval (`-dedup.minScrapeInterval`), so the pair is stored once.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Proc } from './proc.ts';

export interface VictoriaMetrics {
  url: string;
  /** Where Prometheus remote-writes. */
  writeUrl: string;
  proc: Proc;
  query(q: string): Promise<{ status: string; result: { metric: Record<string, string>; value: [number, string] }[]; error?: string }>;
  stop(): Promise<void>;
}

export interface VictoriaMetricsOptions {
  dir: string;
  port: number;
  host?: string;
  /** A relabel file applied to every ingested sample (`-relabelConfig`: the HA pair's replica label dropped). */
  relabelConfig?: string;
  /** Samples of one series closer than this are deduplicated (the pair's scrape interval). */
  dedupInterval?: string;
}

export async function startVictoriaMetrics(opts: VictoriaMetricsOptions): Promise<VictoriaMetrics> {
  const { dir, port, host = '127.0.0.1', relabelConfig, dedupInterval } = opts;
  mkdirSync(dir, { recursive: true });
  const args = [
    `-httpListenAddr=${host}:${port}`, `-storageDataPath=${join(dir, 'data')}`, '-retentionPeriod=1d', '-loggerLevel=ERROR',
    // tests read what was just written: no 30 s hiding of the newest samples, no response cache
    '-search.latencyOffset=0s', '-search.disableCache',
  ];
  if (relabelConfig) args.push(`-relabelConfig=${relabelConfig}`);
  if (dedupInterval) args.push(`-dedup.minScrapeInterval=${dedupInterval}`);
  const proc = await Proc.spawn(`victoria-metrics :${port}`, 'victoria-metrics', args, 'apt-get install -y victoria-metrics');
  const url = `http://${host}:${port}`;
  await proc.ready(`${url}/health`);
  return {
    url,
    writeUrl: `${url}/api/v1/write`,
    proc,
    async query(q) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return { status: body.status, result: body.data?.result ?? [], ...(body.error ? { error: body.error } : {}) };
    },
    stop: () => proc.stop(),
  };
}
