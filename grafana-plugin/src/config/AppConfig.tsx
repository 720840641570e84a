// The app's configuration page (plugin settings): where the ops API is, its token (kept encrypted
// by Grafana in secureJsonData, never sent back to the browser), the Prometheus datasource and
// the Health page refresh. Saved through Grafana's plugin settings API.
import { css } from '@emotion/css';
import type { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Button, Field, Input, SecretInput, Stack } from '@grafana/ui';
import type React from 'react';
import { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { opsApi } from '../api/ops-api';
import { fetchErrorMessage } from '../api/fetch-error';
import { ErrorState, Notice } from '../ui/Feedback';
import { DEFAULT_PROMETHEUS_UID, DEFAULT_REFRESH_SECONDS, PLUGIN_ID, type AppSettings } from '../constants';
import { BrutalistTheme } from '../theme/BrutalistTheme';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

export const SETTINGS_URL = `api/plugins/${PLUGIN_ID}/settings`;

const isHttpUrl = (v: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** The form as typed; `tokenConfigured`: Grafana already holds a token that was not reset. */
export function configSchema(tokenConfigured: boolean) {
  return z.object({
    apiUrl: z
      .string()
      .trim()
      .min(1, 'The ops API URL is required')
      .refine(isHttpUrl, 'Must be an http:// or https:// URL')
      // The proxy appends /api/v1/…: a trailing slash would double it.
      .transform((v) => v.replace(/\/+$/, '')),
    apiToken: tokenConfigured ? z.string() : z.string().trim().min(1, 'An API token is required'),
    prometheusUid: z
      .string()
      .trim()
      .transform((v) => v || DEFAULT_PROMETHEUS_UID)
      .pipe(z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'A datasource uid: letters, digits, - and _ (at most 40)')),
    refreshSeconds: z
      .string()
      .trim()
      .transform((v) => (v === '' ? DEFAULT_REFRESH_SECONDS : Number(v)))
      .pipe(z.number({ error: 'A number of seconds' }).int('Whole seconds').min(1, 'At least 1 second').max(3600, 'At most 3600 seconds')),
  });
}
export type ConfigForm = z.input<ReturnType<typeof configSchema>>;
type FormField = keyof ConfigForm;

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {
  /** Saves the settings body (default: POST to Grafana's plugin settings API). */
  save?: (body: SettingsBody) => Promise<unknown>;
  /** Checks the saved configuration end to end (default: list the queues through the proxy). */
  test?: () => Promise<string>;
}

export interface SettingsBody {
  enabled: true;
  pinned: true;
  jsonData: AppSettings;
  secureJsonData?: { apiToken: string };
}

const defaultSave = (body: SettingsBody) => lastValueFrom(getBackendSrv().fetch({ url: SETTINGS_URL, method: 'POST', data: body, showErrorAlert: false, showSuccessAlert: false }));
const defaultTest = async () => {
  const queues = await opsApi.queues();
  return `OK: the ops API answered with ${queues.length} queue${queues.length === 1 ? '' : 's'}`;
};

type Outcome = { ok: true; text: string } | { ok: false; error: Error };

export function AppConfig({ plugin, save = defaultSave, test = defaultTest }: AppConfigProps) {
  const { jsonData, secureJsonFields } = plugin.meta;
  const [form, setForm] = useState<ConfigForm>({
    apiUrl: jsonData?.apiUrl ?? '',
    apiToken: '',
    prometheusUid: jsonData?.prometheusUid ?? DEFAULT_PROMETHEUS_UID,
    refreshSeconds: String(jsonData?.refreshSeconds ?? DEFAULT_REFRESH_SECONDS),
  });
  const [tokenConfigured, setTokenConfigured] = useState(!!secureJsonFields?.apiToken);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<Outcome>();
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<Outcome>();

  const set = (f: FormField) => (e: React.FormEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setForm((s) => ({ ...s, [f]: value }));
    setErrors((s) => ({ ...s, [f]: undefined }));
    setSaved(undefined);
  };

  const onSave = async (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = configSchema(tokenConfigured).safeParse(form);
    if (!parsed.success) {
      const byField: Partial<Record<FormField, string>> = {};
      for (const issue of parsed.error.issues) byField[issue.path[0] as FormField] ??= issue.message;
      setErrors(byField);
      return;
    }
    const { apiToken, ...settings } = parsed.data;
    // A token typed in replaces the stored one; otherwise Grafana keeps it (never re-sent).
    const body: SettingsBody = { enabled: true, pinned: true, jsonData: { ...jsonData, ...settings } };
    if (apiToken.trim()) body.secureJsonData = { apiToken: apiToken.trim() };
    setSaving(true);
    try {
      await save(body);
      if (body.secureJsonData) setTokenConfigured(true);
      setForm((s) => ({ ...s, apiToken: '' }));
      setSaved({ ok: true, text: 'Saved. Reload the page for the app to use the new settings.' });
    } catch (err) {
      setSaved({ ok: false, error: toError(err) });
    } finally {
      setSaving(false);
    }
  };

  const onTest = async () => {
    setTesting(true);
    setTested(undefined);
    try {
      setTested({ ok: true, text: await test() });
    } catch (err) {
      setTested({ ok: false, error: toError(err) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <BrutalistTheme className={styles.page}>
      <form onSubmit={onSave} noValidate aria-label="Trafi Ops settings">
        <Field label="Ops API URL" description="Base URL of the ops API as Grafana's server reaches it, without /api/v1 (e.g. http://exporters:4000)." required invalid={!!errors.apiUrl} error={errors.apiUrl}>
          <Input id="apiUrl" className={styles.mono} value={form.apiUrl} onChange={set('apiUrl')} placeholder="http://exporters:4000" width={60} />
        </Field>
        <Field label="API token" description="Bearer token Grafana's proxy sends to the ops API. Stored encrypted; it cannot be read back, only replaced." required={!tokenConfigured} invalid={!!errors.apiToken} error={errors.apiToken}>
          <SecretInput
            id="apiToken"
            isConfigured={tokenConfigured}
            onReset={() => {
              setTokenConfigured(false);
              setForm((s) => ({ ...s, apiToken: '' }));
              setSaved(undefined);
            }}
            value={form.apiToken}
            onChange={set('apiToken')}
            placeholder="ops API token"
            width={60}
          />
        </Field>
        <Field label="Prometheus datasource uid" description={`Used for throughput, trends and the Health page (default "${DEFAULT_PROMETHEUS_UID}").`} invalid={!!errors.prometheusUid} error={errors.prometheusUid}>
          <Input id="prometheusUid" className={styles.mono} value={form.prometheusUid} onChange={set('prometheusUid')} placeholder={DEFAULT_PROMETHEUS_UID} width={40} />
        </Field>
        <Field label="Health refresh (seconds)" description="The Health page's default auto-refresh interval." invalid={!!errors.refreshSeconds} error={errors.refreshSeconds}>
          <Input id="refreshSeconds" className={styles.mono} value={form.refreshSeconds} onChange={set('refreshSeconds')} inputMode="numeric" width={12} />
        </Field>
        <Stack gap={1} alignItems="center">
          <Button type="submit" variant="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save settings'}
          </Button>
          <Button type="button" variant="secondary" onClick={onTest} disabled={testing}>
            {testing ? 'Testing…' : 'Test connection'}
          </Button>
        </Stack>
        <p className={styles.note}>The connection test goes through Grafana's proxy, which reads the saved settings: save first.</p>
        <Result outcome={saved} testId="config-save-result" />
        <Result outcome={tested} testId="config-test-result" />
      </form>
    </BrutalistTheme>
  );
}

function Result({ outcome, testId }: { outcome: Outcome | undefined; testId: string }) {
  if (!outcome) return null;
  return (
    <div data-testid={testId} className={styles.result}>
      {outcome.ok ? (
        <Notice>{outcome.text}</Notice>
      ) : (
        <ErrorState error={outcome.error} />
      )}
    </div>
  );
}

const toError = (err: unknown): Error => (err instanceof Error ? err : new Error(fetchErrorMessage(err)));

const styles = {
  page: css`
    max-width: 720px;
    padding: 16px;
    border: 1px solid ${COLORS.border};
  `,
  mono: css`
    input {
      font-family: ${MONO};
    }
  `,
  note: css`
    margin: 8px 0 0;
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
  `,
  result: css`
    margin-top: 12px;
  `,
};
