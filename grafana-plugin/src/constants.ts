import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
/** Where Grafana mounts the app's pages. */
export const APP_URL = `/a/${PLUGIN_ID}`;
/** The ops API behind Grafana's plugin proxy (the "ops" route of plugin.json adds the token). */
export const OPS_API = `api/plugin-proxy/${PLUGIN_ID}/ops/api/v1`;

/** RBAC actions declared in plugin.json (viewer: read; operator: also write). */
export const PERMISSIONS = { read: `${PLUGIN_ID}.ops:read`, write: `${PLUGIN_ID}.ops:write` } as const;

/** The app's jsonData, set on the configuration page (the API token is in secureJsonData). */
export interface AppSettings {
  apiUrl?: string;
  /** Prometheus datasource for trends and health (provisioning/datasources uses uid "prometheus"). */
  prometheusUid?: string;
  /** Health page auto-refresh, in seconds. */
  refreshSeconds?: number;
}

export const DEFAULT_PROMETHEUS_UID = 'prometheus';
export const DEFAULT_REFRESH_SECONDS = 10;

export const SECTIONS = [
  { id: 'queues', title: 'Queues', icon: 'layer-group' },
  { id: 'runs', title: 'Runs', icon: 'list-ul' },
  { id: 'dlq', title: 'DLQ', icon: 'exclamation-triangle' },
  { id: 'health', title: 'Health', icon: 'tachometer-fast' },
  { id: 'tenants', title: 'Tenants', icon: 'users-alt' },
  { id: 'event-flow', title: 'Event flow', icon: 'exchange-alt' },
  { id: 'slos', title: 'SLOs', icon: 'chart-line' },
  { id: 'audit', title: 'Audit', icon: 'history' },
  { id: 'support', title: 'Support', icon: 'comment-alt' },
  { id: 'diagnostics', title: 'Diagnostics', icon: 'file-alt' },
  { id: 'rollback', title: 'Rollback', icon: 'sync' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
