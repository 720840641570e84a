/** Grafana's backendSrv rejects with plain objects ({status, statusText, data}), not Errors: one line for either. */
export function fetchErrorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  const e = err as { status?: number; statusText?: string; data?: { message?: string; error?: string } } | undefined;
  const text = e?.data?.error ?? e?.data?.message ?? e?.statusText ?? 'the request failed';
  return e?.status ? `HTTP ${e.status}: ${text}` : text;
}
