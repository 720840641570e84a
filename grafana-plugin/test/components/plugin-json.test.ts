// plugin.json is what Grafana reads before any of our code runs: its pages, proxy routes and
// RBAC roles must agree with the app's sections, the API's verbs and the versions we build with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { APP_URL, PERMISSIONS, PLUGIN_ID, SECTIONS } from '../../src/constants';
import plugin from '../../src/plugin.json';

const root = path.resolve(import.meta.dirname, '../../..');
const installed = (pkg: string) => JSON.parse(readFileSync(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version as string;

test('an app whose nav pages are exactly the sections App routes, readable by viewers', () => {
  expect(plugin.type).toBe('app');
  expect(plugin.id).toBe('trafi-ops-app');
  const pages = plugin.includes.filter((i) => i.type === 'page' && i.path.startsWith(APP_URL));
  expect(pages.map((p) => p.path)).toEqual(SECTIONS.map((s) => `${APP_URL}/${s.id}`));
  for (const p of pages) expect(p).toMatchObject({ addToNav: true, role: 'Viewer', action: PERMISSIONS.read });
  expect(plugin.includes.find((i) => i.path === `/plugins/${PLUGIN_ID}`)).toMatchObject({ role: 'Admin', addToNav: true });
});

test('the proxy route: GET for readers, POST only for writers (Editor), token from secureJsonData', () => {
  const byMethod = Object.fromEntries(plugin.routes.map((r) => [r.method, r]));
  expect(Object.keys(byMethod).sort()).toEqual(['GET', 'POST']);
  expect(byMethod.GET).toMatchObject({ path: 'ops', reqRole: 'Viewer', reqAction: PERMISSIONS.read });
  expect(byMethod.POST).toMatchObject({ path: 'ops', reqRole: 'Editor', reqAction: PERMISSIONS.write });
  for (const r of plugin.routes) {
    expect(r.url).toBe('{{ .JsonData.apiUrl }}');
    expect(r.headers).toEqual([{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiToken }}' }]);
  }
});

test('RBAC: viewers read, editors also write; every action is namespaced by the plugin id', () => {
  const grants = (action: string) => plugin.roles.filter((r) => r.role.permissions.some((p) => p.action === action)).flatMap((r) => r.grants);
  expect(grants(PERMISSIONS.read).sort()).toEqual(['Editor', 'Viewer']);
  expect(grants(PERMISSIONS.write)).toEqual(['Editor']);
  for (const r of plugin.roles) for (const p of r.role.permissions) expect(p.action.startsWith(`${PLUGIN_ID}.`)).toBe(true);
});

test('grafanaDependency covers the @grafana packages we build against and the Grafana of docker-compose', () => {
  const min = /^>=(\d+\.\d+\.\d+)$/.exec(plugin.dependencies.grafanaDependency)?.[1];
  expect(min, 'grafanaDependency is ">=x.y.z"').toBeDefined();
  const [major, minor] = min!.split('.').map(Number);
  for (const pkg of ['@grafana/data', '@grafana/ui', '@grafana/runtime']) {
    const [pMajor, pMinor] = installed(pkg).split('.').map(Number);
    expect(`${pkg} ${pMajor}.${pMinor}`).toBe(`${pkg} ${major}.${minor}`);
  }
  const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));
  const image = /grafana\/grafana:(\d+)\.(\d+)\.(\d+)$/.exec(compose.services.grafana.image);
  expect(image && [Number(image[1]), Number(image[2])]).toEqual([major, minor]);
  // Grafana 12 runs plugins on React 18: the React we test with must be 18 too.
  expect(installed('react').split('.')[0]).toBe('18');
});
