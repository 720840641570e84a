// Tenant context and OpenTelemetry trace propagation across the queue boundary.
import { context as otelContext, propagation, type Context } from '@opentelemetry/api';
import { TenantContextSchema, type TenantContext } from '@trafi-ops/contracts';

export { TenantContextSchema, type TenantContext };

/** What a producer passes: the trace carrier is filled in by the jobs layer. */
export type TenantContextInput = Omit<TenantContext, 'trace'>;

/** Stamps the active trace context into the tenant context stored with the job. */
export function withTrace(ctx: TenantContextInput, active: Context = otelContext.active()): TenantContext {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return Object.keys(carrier).length > 0 ? { ...ctx, trace: carrier } : { ...ctx };
}

/** Runs `fn` inside the trace context the producer injected, so handler spans join its trace. */
export function runInTrace<T>(ctx: TenantContext, fn: () => T): T {
  if (!ctx.trace) return fn();
  const extracted = propagation.extract(otelContext.active(), ctx.trace);
  return otelContext.with(extracted, fn);
}

/** Read-back validation: a job whose context does not parse must not run as anyone. */
export function parseTenantContext(raw: unknown): TenantContext {
  return TenantContextSchema.parse(raw);
}
