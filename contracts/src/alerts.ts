// Alerts (story 11.8): the dashboard banner shows what Alertmanager is notifying about.
import { z } from 'zod';

export const AlertSeveritySchema = z.enum(['critical', 'warning', 'info']);
export const AlertsQuerySchema = z.strictObject({ severity: AlertSeveritySchema.optional() });
export type AlertsQuery = z.infer<typeof AlertsQuerySchema>;

export const ActiveAlertSchema = z.object({
  fingerprint: z.string(),
  name: z.string(),
  /** critical / warning / info (an alert without a known severity counts as info). */
  severity: AlertSeveritySchema,
  summary: z.string(),
  description: z.string(),
  /** Scope labels where the alert has them (service, tenant, queue, store, slo, dependency). */
  service: z.string().optional(),
  tenant: z.string().optional(),
  queue: z.string().optional(),
  store: z.string().optional(),
  slo: z.string().optional(),
  dependency: z.string().optional(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.string(),
  runbookUrl: z.string().optional(),
  /** Absolute Grafana link (GRAFANA_URL + the alert's dashboard path). */
  dashboardUrl: z.string().optional(),
});
export type ActiveAlert = z.infer<typeof ActiveAlertSchema>;

export const AlertsResponseSchema = z.object({
  /** Firing, neither silenced nor inhibited; critical first, then newest first. */
  alerts: z.array(ActiveAlertSchema),
  counts: z.object({ critical: z.number(), warning: z.number(), info: z.number() }),
  /** The Alertmanager that answered; null when ALERTMANAGER_URL is not configured. */
  source: z.string().nullable(),
});
export type AlertsResponse = z.infer<typeof AlertsResponseSchema>;
