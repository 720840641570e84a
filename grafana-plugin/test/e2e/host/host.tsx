// A stand-in for Grafana's frontend, just enough to load the built plugin the way Grafana
// does: an AMD define() that hands module.js the shared libraries it declares as externals,
// Grafana's runtime services (backendSrv over same-origin HTTP, the signed-in user), and
// the app's root page mounted under /a/<id>/* with the AppRootProps Grafana passes, under
// Grafana's global styles.
// The host server (server.ts) plays Grafana's backend: plugin proxy and datasource proxy.
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import type { AppPlugin, AppPluginMeta, KeyValue } from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { setBackendSrv, setCurrentUser, type BackendSrv, type BackendSrvRequest, type FetchResponse } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as lodash from 'lodash';
import moment from 'moment';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router-dom';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

export interface HostConfig {
  pluginId: string;
  user: { login: string; orgRole: 'Viewer' | 'Editor' | 'Admin'; permissions: Record<string, boolean> };
  jsonData: KeyValue;
  secureJsonFields: Record<string, boolean>;
}
const host = (window as unknown as { __HOST__: HostConfig }).__HOST__;

const externals: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  'react-router': reactRouter,
  'react-router-dom': reactRouter,
  rxjs,
  'rxjs/operators': rxjsOperators,
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  lodash,
  moment,
};

// ---- Grafana's runtime services ----

function toUrl(req: BackendSrvRequest): string {
  const url = new URL(req.url.replace(/^\/?/, '/'), window.location.origin);
  for (const [k, v] of Object.entries(req.params ?? {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  return url.toString();
}

async function send<T>(req: BackendSrvRequest): Promise<FetchResponse<T>> {
  const body = req.data === undefined ? undefined : JSON.stringify(req.data);
  const res = await fetch(toUrl(req), { method: req.method ?? 'GET', body, headers: body ? { 'content-type': 'application/json' } : {} });
  const text = await res.text();
  let data: unknown = text;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  // Grafana rejects with a FetchError: { status, statusText, data, config }.
  if (!res.ok) throw { status: res.status, statusText: res.statusText, data, config: req };
  return { data: data as T, status: res.status, statusText: res.statusText, ok: true, headers: res.headers, redirected: res.redirected, type: res.type, url: res.url, config: req };
}

const backendSrv = {
  fetch: <T,>(req: BackendSrvRequest) => rxjs.from(send<T>(req)),
  datasourceRequest: <T,>(req: BackendSrvRequest) => send<T>(req),
  request: <T,>(req: BackendSrvRequest) => send<T>(req).then((r) => r.data),
  get: <T,>(url: string, params?: Record<string, unknown>) => send<T>({ url, params }).then((r) => r.data),
  delete: <T,>(url: string, data?: unknown) => send<T>({ url, method: 'DELETE', data }).then((r) => r.data),
  post: <T,>(url: string, data?: unknown) => send<T>({ url, method: 'POST', data }).then((r) => r.data),
  put: <T,>(url: string, data?: unknown) => send<T>({ url, method: 'PUT', data }).then((r) => r.data),
  patch: <T,>(url: string, data?: unknown) => send<T>({ url, method: 'PATCH', data }).then((r) => r.data),
};
setBackendSrv(backendSrv as unknown as BackendSrv);
setCurrentUser({ id: 1, uid: 'u1', login: host.user.login, email: `${host.user.login}@example.com`, name: host.user.login, orgRole: host.user.orgRole, permissions: host.user.permissions, isSignedIn: true } as never);

// ---- the AMD loader Grafana's SystemJS provides ----

function loadPlugin(src: string): Promise<{ plugin: AppPlugin }> {
  return new Promise((resolve, reject) => {
    const define = (deps: string[], factory: (...mods: unknown[]) => { plugin: AppPlugin }) => {
      const missing = deps.filter((d) => !(d in externals));
      if (missing.length) return reject(new Error(`module.js asks for modules Grafana does not provide: ${missing.join(', ')}`));
      resolve(factory(...deps.map((d) => externals[d])));
    };
    (window as unknown as { define: unknown }).define = define;
    const script = document.createElement('script');
    script.src = src;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

async function main() {
  const { plugin } = await loadPlugin(`/public/plugins/${host.pluginId}/module.js`);
  const meta = {
    id: host.pluginId,
    name: 'Trafi Ops',
    type: 'app',
    enabled: true,
    pinned: true,
    jsonData: host.jsonData,
    secureJsonFields: host.secureJsonFields,
    baseUrl: `public/plugins/${host.pluginId}`,
    module: `public/plugins/${host.pluginId}/module.js`,
    info: { author: { name: 'Trafi' }, description: '', links: [], logos: { small: '', large: '' }, screenshots: [], updated: '', version: '' },
  } as unknown as AppPluginMeta;
  plugin.init(meta);
  plugin.meta = meta;
  const Root = plugin.root!;
  const Config = plugin.configPages?.[0]?.body;
  const appPath = `/a/${host.pluginId}`;
  createRoot(document.getElementById('root')!).render(
    <reactRouter.BrowserRouter>
      {/* Grafana's global CSS (box-sizing, body, forms), which every plugin page renders under,
          and its portal container (menus, tooltips, modals render there). */}
      <grafanaUi.GlobalStyles />
      <grafanaUi.PortalContainer />
      <reactRouter.Routes>
        <reactRouter.Route path={`${appPath}/*`} element={<Root meta={meta} path={appPath} query={{}} basename={appPath} onNavChanged={() => undefined} />} />
        {Config && <reactRouter.Route path={`/plugins/${host.pluginId}`} element={<Config plugin={plugin} query={{}} />} />}
      </reactRouter.Routes>
    </reactRouter.BrowserRouter>,
  );
  document.body.dataset.hostReady = 'true';
}

main().catch((err: Error) => {
  document.body.dataset.hostError = err.message;
  throw err;
});
