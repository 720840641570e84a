// The dashboard service is Grafana itself: the page asks Grafana's own GET /api/health (the
// browser is talking to it already, so this is the answer a user would get).
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { fetchErrorMessage } from '../../api/fetch-error';
import type { GrafanaHealth } from './healthCells';

const GrafanaHealthSchema = z.object({ database: z.string(), version: z.string().optional() });

export async function grafanaHealth(): Promise<GrafanaHealth> {
  try {
    const res = await lastValueFrom(getBackendSrv().fetch<unknown>({ url: 'api/health', showErrorAlert: false }));
    const parsed = GrafanaHealthSchema.safeParse(res.data);
    return parsed.success ? parsed.data : { error: 'unexpected answer' };
  } catch (err) {
    return { error: fetchErrorMessage(err) };
  }
}
