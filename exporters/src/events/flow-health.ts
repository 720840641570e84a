// Event flow health per store: counts, freshness and gap detection from what reporters
// flushed to Redis. A store is unhealthy when an expected event type has been silent
// longer than expected: configured per store, or learned from its average rate.
import type { RedisClient } from '../redis/client.ts';
import type { Registry } from 'prom-client';
import { METRICS, type EventTypeHealth, type StoreFlowHealth } from '@trafi-ops/contracts';
import type { Keys } from '../redis/keys.ts';
import { counter, gauge } from '../metrics/families.ts';
import { sharedLoad } from '../metrics/shared-load.ts';

export type { EventTypeHealth, StoreFlowHealth };

export interface FlowExpectations {
  /** Per store, per event type: the longest silence (seconds) that is still healthy. */
  stores?: Record<string, Record<string, number>>;
  /** Learned expectation: silence beyond `factor` × the type's average interval… */
  learnFactor?: number;
  /** …but never less than this (seconds), so bursty low-volume types do not flap. */
  minSilenceSec?: number;
  /** Types with fewer events than this have no learned expectation yet. */
  learnAfterEvents?: number;
}

export class EventFlowHealth {
  constructor(
    protected readonly redis: RedisClient,
    protected readonly keys: Keys,
    protected readonly expectations: FlowExpectations = {},
  ) {}

  /** Every store's health, from one round trip. */
  async all(now = Date.now()): Promise<StoreFlowHealth[]> {
    const res = (await this.redis.pipeline().hgetall(this.keys.events('total')).hgetall(this.keys.events('first')).hgetall(this.keys.events('last')).exec()) ?? [];
    const [total, first, last] = res.map(([err, v]) => {
      if (err) throw err;
      return v as Record<string, string>;
    });
    const stores = new Map<string, EventTypeHealth[]>();
    for (const [field, count] of Object.entries(total!)) {
      const [store, eventType] = field.split('\t') as [string, string];
      const list = stores.get(store) ?? [];
      list.push(this.judge(store, eventType, Number(count), Number(first![field] ?? 0), Number(last![field] ?? 0), now));
      stores.set(store, list);
    }
    // Configured types that never arrived at all are gaps too.
    for (const [store, types] of Object.entries(this.expectations.stores ?? {})) {
      const list = stores.get(store) ?? [];
      for (const [eventType, maxSilence] of Object.entries(types)) {
        if (!list.some((t) => t.eventType === eventType)) {
          list.push({ eventType, total: 0, firstReceivedAt: 0, lastReceivedAt: 0, ageSeconds: null, expectedWithinSeconds: maxSilence, expectation: 'configured', status: 'gap', reason: `no ${eventType} event received yet (expected within ${maxSilence}s)` });
        }
      }
      stores.set(store, list);
    }
    return [...stores].map(([store, types]) => {
      const reasons = types.filter((t) => t.status === 'gap').map((t) => t.reason!);
      types.sort((a, b) => a.eventType.localeCompare(b.eventType));
      return { store, healthy: reasons.length === 0, checkedAt: now, reasons, types };
    }).sort((a, b) => a.store.localeCompare(b.store));
  }

  async store(store: string, now = Date.now()): Promise<StoreFlowHealth | null> {
    return (await this.all(now)).find((s) => s.store === store) ?? null;
  }

  protected judge(store: string, eventType: string, total: number, firstAt: number, lastAt: number, now: number): EventTypeHealth {
    const ageSeconds = Math.max(0, (now - lastAt) / 1000);
    const configured = this.expectations.stores?.[store]?.[eventType];
    let expected: number | null = null;
    let expectation: EventTypeHealth['expectation'] = 'none';
    if (configured !== undefined) {
      expected = configured;
      expectation = 'configured';
    } else if (total >= (this.expectations.learnAfterEvents ?? 20) && lastAt > firstAt) {
      const avgInterval = (lastAt - firstAt) / 1000 / (total - 1);
      expected = Math.max(this.expectations.minSilenceSec ?? 300, avgInterval * (this.expectations.learnFactor ?? 10));
      expectation = 'learned';
    }
    const base = { eventType, total, firstReceivedAt: firstAt, lastReceivedAt: lastAt, ageSeconds, expectedWithinSeconds: expected, expectation };
    if (expected === null) return { ...base, status: 'unknown' };
    if (ageSeconds <= expected) return { ...base, status: 'ok' };
    return { ...base, status: 'gap', reason: `no ${eventType} event for ${Math.round(ageSeconds)}s (expected within ${Math.round(expected)}s, ${expectation})` };
  }

  /** Registers the event-flow metrics, computed from one snapshot per scrape. */
  register(registry: Registry, onError?: (err: Error) => void, timeoutMs = 5000): void {
    // Redis down: the event-flow series are left out of the scrape rather than failing it.
    const snapshot = sharedLoad(() => this.all(), { timeoutMs, fallback: [], onError });
    counter(METRICS.eventsReceived, {
      registry,
      async collect() {
        this.reset();
        for (const s of await snapshot()) for (const t of s.types) if (t.total > 0) this.inc({ store: s.store, event_type: t.eventType }, t.total);
      },
    });
    gauge(METRICS.eventsLastReceived, {
      registry,
      async collect() {
        this.reset();
        for (const s of await snapshot()) for (const t of s.types) if (t.total > 0) this.set({ store: s.store, event_type: t.eventType }, t.lastReceivedAt / 1000);
      },
    });
    gauge(METRICS.eventFlowHealthy, {
      registry,
      async collect() {
        this.reset();
        for (const s of await snapshot()) this.set({ store: s.store }, s.healthy ? 1 : 0);
      },
    });
    gauge(METRICS.eventFlowGap, {
      registry,
      async collect() {
        this.reset();
        for (const s of await snapshot()) for (const t of s.types) if (t.status === 'gap') this.set({ store: s.store, event_type: t.eventType, expectation: t.expectation }, 1);
      },
    });
  }
}
