// Grafana's backend, as far as the plugin sees it, for end-to-end tests:
// - serves the built plugin (dist/) at public/plugins/<id>/ and @grafana/ui's icons,
// - the plugin proxy: /api/plugin-proxy/<id>/<route>/… is matched against plugin.json's
//   routes (path + method), checked against the user's role and RBAC actions the way
//   Grafana does, and forwarded with the route's templated URL and headers
//   ({{ .JsonData.x }}, {{ .SecureJsonData.x }}) plus X-Grafana-User, streaming the answer,
// - the datasource proxy: /api/datasources/proxy/uid/<uid>/… to the Prometheus it was given,
// - the plugin settings API the config page saves through (POST /api/plugins/<id>/settings),
// - every other path: the host page, which mounts the app (host.tsx).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { HostConfig } from './host.tsx';

const PLUGIN_DIR = path.resolve(import.meta.dirname, '../../..');
const DIST = path.join(PLUGIN_DIR, 'dist');
const ICONS = path.join(PLUGIN_DIR, '../node_modules/@grafana/ui/dist/public/img/icons');
const HOST_OUT = path.join(PLUGIN_DIR, '../.data/e2e-host');

type BasicRole = 'Viewer' | 'Editor' | 'Admin';
const RANK: Record<BasicRole, number> = { Viewer: 1, Editor: 2, Admin: 3 };

interface PluginRoute {
  path: string;
  method?: string;
  reqRole?: BasicRole;
  reqAction?: string;
  url: string;
  headers?: Array<{ name: string; content: string }>;
}
interface PluginJson {
  id: string;
  routes: PluginRoute[];
  roles: Array<{ role: { permissions: Array<{ action: string }> }; grants: BasicRole[] }>;
}

export interface HostOptions {
  /** The app's jsonData (apiUrl, prometheusUid, …) and secureJsonData (apiToken), as provisioned. */
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
  /** Datasource uid → base URL (e.g. { prometheus: 'http://127.0.0.1:9090' }). */
  datasources?: Record<string, string>;
  user?: { login: string; role: BasicRole };
}

export interface GrafanaHost {
  url: string;
  /** Requests the plugin made through the proxies: "GET ops/api/v1/queues 200". */
  proxied: string[];
  /** Bodies the config page saved through Grafana's plugin settings API. */
  saved: Array<{ jsonData?: Record<string, unknown>; secureJsonData?: Record<string, string> }>;
  close(): Promise<void>;
}

let bundled: Promise<void> | undefined;
/** The host page's script (React, @grafana/* and the host), bundled once per process. */
function bundleHost(): Promise<void> {
  bundled ??= (async () => {
    await mkdir(HOST_OUT, { recursive: true });
    await build({
      entryPoints: [path.join(import.meta.dirname, 'host.tsx')],
      bundle: true,
      outdir: HOST_OUT,
      entryNames: 'host',
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
      loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file', '.gif': 'file' },
      minify: true,
      logLevel: 'error',
    });
  })();
  return bundled;
}

export async function startGrafanaHost(opts: HostOptions): Promise<GrafanaHost> {
  if (!existsSync(path.join(DIST, 'module.js'))) throw new Error(`${DIST}/module.js is missing: run "npm run build -w grafana-plugin" first`);
  await bundleHost();
  const plugin = JSON.parse(readFileSync(path.join(DIST, 'plugin.json'), 'utf8')) as PluginJson;
  const user = opts.user ?? { login: 'ops-e2e', role: 'Editor' };
  const permissions = Object.fromEntries(
    plugin.roles.filter((r) => r.grants.some((g) => RANK[g] <= RANK[user.role])).flatMap((r) => r.role.permissions.map((p) => [p.action, true])),
  );
  const hostConfig: HostConfig = {
    pluginId: plugin.id,
    user: { login: user.login, orgRole: user.role, permissions },
    jsonData: opts.jsonData,
    secureJsonFields: Object.fromEntries(Object.keys(opts.secureJsonData).map((k) => [k, true])),
  };
  const page = `<!doctype html><html><head><meta charset="utf-8"><base href="/"><title>Trafi Ops · Grafana host</title>
<link rel="stylesheet" href="/host-assets/host.css"><style>html,body{margin:0;background:#111217;color:#ccccdc}</style>
<script>window.__HOST__=${JSON.stringify(hostConfig)}</script></head>
<body><main class="main-view"><div id="root"></div></main><script src="/host-assets/host.js"></script></body></html>`;
  const proxied: string[] = [];
  const saved: GrafanaHost['saved'] = [];
  const templateData = { JsonData: opts.jsonData, SecureJsonData: { ...opts.secureJsonData } };
  const render = (tpl: string) => tpl.replace(/\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g, (_m, scope: keyof typeof templateData, key: string) => String(templateData[scope][key] ?? ''));

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const p = url.pathname;
    const pluginPrefix = `/api/plugin-proxy/${plugin.id}/`;
    if (p.startsWith(pluginPrefix)) return pluginProxy(req, res, p.slice(pluginPrefix.length), url.search);
    if (p === `/api/plugins/${plugin.id}/settings` && req.method === 'POST') return saveSettings(req, res);
    const ds = /^\/api\/datasources\/proxy\/uid\/([^/]+)(\/.*)$/.exec(p);
    if (ds) {
      const base = opts.datasources?.[ds[1]!];
      if (!base) return json(res, 404, { message: 'Data source not found' });
      return forward(req, res, `${base}${ds[2]}${url.search}`, {}, `ds:${ds[1]} ${req.method} ${ds[2]}`);
    }
    if (p.startsWith(`/public/plugins/${plugin.id}/`)) return file(res, DIST, p.slice(`/public/plugins/${plugin.id}/`.length));
    if (p.startsWith('/public/build/img/icons/')) return file(res, ICONS, p.slice('/public/build/img/icons/'.length));
    if (p.startsWith('/host-assets/')) return file(res, HOST_OUT, p.slice('/host-assets/'.length));
    if (p === '/favicon.ico') return void res.writeHead(204).end();
    // Grafana's own health endpoint (the Health page's Dashboard service asks it).
    if (p === '/api/health') return json(res, 200, { database: 'ok', version: 'e2e-host' });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });

  // Grafana's plugin settings API (the config page saves through it): admins only; the proxy
  // uses the new jsonData / secureJsonData from the next request on.
  function saveSettings(req: IncomingMessage, res: ServerResponse) {
    if (user.role !== 'Admin') return json(res, 403, { message: 'Permission denied' });
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk));
    req.on('end', () => {
      const settings = JSON.parse(body) as { jsonData?: Record<string, unknown>; secureJsonData?: Record<string, string> };
      if (settings.jsonData) templateData.JsonData = settings.jsonData;
      Object.assign(templateData.SecureJsonData, settings.secureJsonData ?? {});
      saved.push(settings);
      json(res, 200, { message: 'Plugin settings updated' });
    });
  }

  function pluginProxy(req: IncomingMessage, res: ServerResponse, rest: string, search: string) {
    const method = req.method ?? 'GET';
    const route = plugin.routes.find((r) => (rest === r.path || rest.startsWith(`${r.path}/`)) && (!r.method || r.method === method));
    if (!route) return json(res, 404, { message: 'Plugin route not found' });
    // Grafana checks reqAction when RBAC is on (it is by default), reqRole otherwise; we check both.
    if ((route.reqRole && RANK[user.role] < RANK[route.reqRole]) || (route.reqAction && !permissions[route.reqAction])) {
      proxied.push(`${method} ${rest} 403`);
      return json(res, 403, { message: 'Access denied to plugin route' });
    }
    const headers: Record<string, string> = { 'x-grafana-user': user.login };
    for (const h of route.headers ?? []) headers[h.name.toLowerCase()] = render(h.content);
    forward(req, res, `${render(route.url).replace(/\/$/, '')}${rest.slice(route.path.length)}${search}`, headers, `${method} ${rest}`);
  }

  function forward(req: IncomingMessage, res: ServerResponse, target: string, extra: Record<string, string>, label: string) {
    const { authorization: _dropped, cookie: _cookie, host: _host, ...incoming } = req.headers;
    const upstream = httpRequest(target, { method: req.method, headers: { ...incoming, ...extra } }, (up) => {
      proxied.push(`${label} ${up.statusCode}`);
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res); // streams: SSE lines reach the browser as they are written
    });
    upstream.on('error', (err) => {
      proxied.push(`${label} 502`);
      if (!res.headersSent) json(res, 502, { message: `Bad Gateway: ${err.message}` });
      else res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    proxied,
    saved,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.map': 'application/json', '.md': 'text/markdown', '.png': 'image/png', '.ttf': 'font/ttf' };

function file(res: ServerResponse, dir: string, rel: string) {
  const full = path.join(dir, path.normalize(decodeURIComponent(rel)));
  if (!full.startsWith(dir) || !existsSync(full)) return json(res, 404, { message: 'not found' });
  res.writeHead(200, { 'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream' });
  createReadStream(full).pipe(res);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
