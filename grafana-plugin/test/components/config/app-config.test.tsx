import { AppPlugin, PluginType, type AppPluginMeta } from '@grafana/data';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueInfoSchema } from '@trafi-ops/contracts';
import { describe, expect, test } from 'vitest';
import type { AppSettings } from '../../../src/constants';
import { AppConfig, configSchema } from '../../../src/config/AppConfig';
import { calls, on, pathOf } from '../../fake-backend';

function pluginWith(jsonData: AppSettings | undefined, tokenSet: boolean) {
  const plugin = new AppPlugin<AppSettings>();
  const meta: AppPluginMeta<AppSettings> = {
    id: 'trafi-ops-app',
    name: 'Trafi Ops',
    type: PluginType.app,
    module: 'public/plugins/trafi-ops-app/module.js',
    baseUrl: 'public/plugins/trafi-ops-app',
    info: {
      author: { name: 'Trafi' },
      description: 'ops',
      links: [],
      logos: { small: '', large: '' },
      screenshots: [],
      updated: '2026-11-29',
      version: '0.1.0',
    },
    enabled: true,
    jsonData,
    secureJsonFields: tokenSet ? { apiToken: true } : {},
  };
  plugin.meta = meta;
  return plugin;
}

const SETTINGS = /^api\/plugins\/trafi-ops-app\/settings$/;
const saves = () => calls.filter((c) => c.method === 'POST' && pathOf(c) === 'api/plugins/trafi-ops-app/settings');

function renderConfig(jsonData: AppSettings | undefined, tokenSet: boolean) {
  on('POST', SETTINGS, { data: { message: 'Plugin settings updated' } });
  render(<AppConfig plugin={pluginWith(jsonData, tokenSet)} query={{}} />);
  return userEvent.setup();
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const save = () => screen.getByRole('button', { name: 'Save settings' });

describe('AppConfig', () => {
  test('shows the saved settings; a stored token reads "configured" and is never shown', () => {
    renderConfig({ apiUrl: 'http://exporters:4000', prometheusUid: 'prom-2', refreshSeconds: 15 }, true);
    expect(input(/Ops API URL/).value).toBe('http://exporters:4000');
    expect(input(/Prometheus datasource uid/).value).toBe('prom-2');
    expect(input(/Health refresh/).value).toBe('15');
    expect(input(/API token/).value).toBe('configured');
    expect(input(/API token/).disabled).toBe(true);
  });

  test('field errors: URL required and http(s), token required on a fresh install, bad uid and seconds; nothing saved', async () => {
    const user = renderConfig(undefined, false);
    expect(input(/Prometheus datasource uid/).value).toBe('prometheus');
    expect(input(/Health refresh/).value).toBe('10');
    await user.click(save());
    expect(await screen.findByText('The ops API URL is required')).toBeTruthy();
    expect(screen.getByText('An API token is required')).toBeTruthy();

    await user.type(input(/Ops API URL/), 'ftp://exporters:4000');
    await user.clear(input(/Prometheus datasource uid/));
    await user.type(input(/Prometheus datasource uid/), 'bad uid!');
    await user.clear(input(/Health refresh/));
    await user.type(input(/Health refresh/), '0');
    await user.click(save());
    expect(await screen.findByText('Must be an http:// or https:// URL')).toBeTruthy();
    expect(screen.getByText('A datasource uid: letters, digits, - and _ (at most 40)')).toBeTruthy();
    expect(screen.getByText('At least 1 second')).toBeTruthy();
    expect(saves()).toHaveLength(0);

    // Typing in a field clears its error.
    await user.clear(input(/Ops API URL/));
    await user.type(input(/Ops API URL/), 'http://x');
    expect(screen.queryByText('Must be an http:// or https:// URL')).toBeNull();
  });

  test('schema: trims, drops a trailing slash, defaults uid and refresh; rejects non-numbers', () => {
    expect(configSchema(true).parse({ apiUrl: ' https://ops.example.com/ ', apiToken: '', prometheusUid: '', refreshSeconds: '' })).toEqual({
      apiUrl: 'https://ops.example.com',
      apiToken: '',
      prometheusUid: 'prometheus',
      refreshSeconds: 10,
    });
    const bad = configSchema(true).safeParse({ apiUrl: 'exporters:4000', apiToken: '', prometheusUid: 'p', refreshSeconds: 'ten' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ['apiUrl', 'Must be an http:// or https:// URL'],
      ['refreshSeconds', 'A number of seconds'],
    ]);
  });

  test('save with the token unchanged: the exact body, no secureJsonData', async () => {
    const user = renderConfig({ apiUrl: 'http://exporters:4000', prometheusUid: 'prometheus', refreshSeconds: 10 }, true);
    await user.clear(input(/Ops API URL/));
    await user.type(input(/Ops API URL/), 'https://ops.internal:4443/');
    await user.clear(input(/Health refresh/));
    await user.type(input(/Health refresh/), '30');
    await user.click(save());

    expect((await screen.findByRole('status')).textContent).toContain('Saved');
    expect(saves()).toHaveLength(1);
    expect(saves()[0]!.data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { apiUrl: 'https://ops.internal:4443', prometheusUid: 'prometheus', refreshSeconds: 30 },
    });
    expect('secureJsonData' in saves()[0]!.data).toBe(false);
  });

  test('reset the token: a new one is required, then sent once in secureJsonData', async () => {
    const user = renderConfig({ apiUrl: 'http://exporters:4000' }, true);
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    await user.click(save());
    expect(await screen.findByText('An API token is required')).toBeTruthy();
    expect(saves()).toHaveLength(0);

    await user.type(input(/API token/), 'tok-123');
    expect(input(/API token/).type).toBe('password');
    await user.click(save());
    await screen.findByRole('status');
    expect(saves()[0]!.data).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { apiUrl: 'http://exporters:4000', prometheusUid: 'prometheus', refreshSeconds: 10 },
      secureJsonData: { apiToken: 'tok-123' },
    });
    // Stored now: shown as configured, and a second save does not send it again.
    expect(input(/API token/).value).toBe('configured');
    await user.click(save());
    await waitFor(() => expect(saves()).toHaveLength(2));
    expect('secureJsonData' in saves()[1]!.data).toBe(false);
  });

  test('a failed save shows Grafana\'s error', async () => {
    const user = renderConfig({ apiUrl: 'http://exporters:4000' }, true);
    on('POST', SETTINGS, { status: 403, data: { message: 'Permission denied' } });
    await user.click(save());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('HTTP 403: Permission denied');
    expect(screen.queryByRole('status')).toBeNull();
  });

  test('test connection: lists the queues through the proxy, or shows the API error', async () => {
    const user = renderConfig({ apiUrl: 'http://exporters:4000' }, true);
    expect(screen.getByText(/reads the saved settings: save first/)).toBeTruthy();
    const q = QueueInfoSchema.parse({
      name: 'emails',
      jobTypes: ['email.send'],
      isolated: false,
      concurrency: 2,
      isPaused: false,
      counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0, paused: 0, dlq: 0 },
    });
    on('GET', /^\/queues$/, { data: { items: [q, { ...q, name: 'exports' }] } });
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect((await screen.findByRole('status')).textContent).toBe('OK: the ops API answered with 2 queues');
    expect(calls.some((c) => c.url === 'api/plugin-proxy/trafi-ops-app/ops/api/v1/queues')).toBe(true);

    on('GET', /^\/queues$/, { status: 401, data: { error: { code: 'unauthorized', message: 'invalid bearer token' } } });
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The ops API rejected the plugin token');
    expect(alert.textContent).toContain('401 unauthorized: invalid bearer token');
  });
});
