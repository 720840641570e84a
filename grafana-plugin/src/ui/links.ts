// Where one page links to another: the app URLs of runs, a queue's runs and the DLQ, in one
// place so a feature links to another without importing it (test/components/layout.test.ts).
import type { RunState } from '@trafi-ops/contracts';
import { APP_URL } from '../constants';

/** A run's detail page. */
export const runUrl = (run: { queue: string; id: string }) => `${APP_URL}/runs/${encodeURIComponent(run.queue)}/${encodeURIComponent(run.id)}`;

/** The runs of a queue, optionally in one state. */
export const runsUrl = (queue: string, state?: RunState) => `${APP_URL}/runs?queue=${encodeURIComponent(queue)}${state ? `&state=${state}` : ''}`;

/** The dead-letter queue filtered to one original queue. */
export const dlqUrl = (queue: string) => `${APP_URL}/dlq?queue=${encodeURIComponent(queue)}`;

/** The DLQ page with one entry's drawer open. */
export const dlqEntryUrl = (id: string) => `${APP_URL}/dlq?entry=${encodeURIComponent(id)}`;
