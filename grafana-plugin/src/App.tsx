// The app's root page: Grafana mounts it at /a/trafi-ops-app/* and passes AppRootProps.
// The layout shows at once; each section's page is fetched on first visit (lazyPage).
import { PageLayoutType, type AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './ui/AppLayout';
import { APP_URL, SECTIONS, type AppSettings, type SectionId } from './constants';
import { SettingsProvider } from './settings';
import { BrutalistTheme } from './theme/BrutalistTheme';
import { lazyPage } from './ui/lazyPage';
import { AlertBanner } from './ui/AlertBanner';
// The banner shows the budget left of an SLO whose burn alert fires (a small module, not the page).
import { loadSloBudgets } from './features/slos/sloQueries';

// One chunk per feature: the runs list and a run's detail share theirs.
const QueuesPage = lazyPage(() => import(/* webpackChunkName: "queues" */ './features/queues/QueuesPage').then((m) => m.QueuesPage));
const RunsPage = lazyPage(() => import(/* webpackChunkName: "runs" */ './features/runs/RunsPage').then((m) => m.RunsPage));
const RunDetailPage = lazyPage(() => import(/* webpackChunkName: "runs" */ './features/runs/RunDetailPage').then((m) => m.RunDetailPage));
const DlqPage = lazyPage(() => import(/* webpackChunkName: "dlq" */ './features/dlq/DlqPage').then((m) => m.DlqPage));
const DiagnosticsPage = lazyPage(() => import(/* webpackChunkName: "diagnostics" */ './features/diagnostics/DiagnosticsPage').then((m) => m.DiagnosticsPage));
const RollbackPage = lazyPage(() => import(/* webpackChunkName: "rollback" */ './features/rollback/RollbackPage').then((m) => m.RollbackPage));
const HealthPage = lazyPage(() => import(/* webpackChunkName: "health" */ './features/health/HealthPage').then((m) => m.HealthPage));
const TenantsPage = lazyPage(() => import(/* webpackChunkName: "tenants" */ './features/tenants/TenantsPage').then((m) => m.TenantsPage));
const EventFlowPage = lazyPage(() => import(/* webpackChunkName: "eventflow" */ './features/eventflow/EventFlowPage').then((m) => m.EventFlowPage));
const SlosPage = lazyPage(() => import(/* webpackChunkName: "slos" */ './features/slos/SlosPage').then((m) => m.SlosPage));
const AuditPage = lazyPage(() => import(/* webpackChunkName: "audit" */ './features/audit/AuditPage').then((m) => m.AuditPage));
const SupportPage = lazyPage(() => import(/* webpackChunkName: "support" */ './features/support/SupportPage').then((m) => m.SupportPage));

export function App({ meta }: AppRootProps<AppSettings>) {
  const { pathname } = useLocation();
  const rest = pathname.startsWith(APP_URL) ? pathname.slice(APP_URL.length + 1).split('/') : [];
  const section = SECTIONS.find((s) => s.id === rest[0])?.id as SectionId | undefined;
  const trail = section === 'runs' && rest.length >= 3 ? [safeDecode(rest.slice(1).join('/'))] : [];
  return (
    <PluginPage layout={PageLayoutType.Custom}>
      <SettingsProvider settings={meta.jsonData}>
        <BrutalistTheme>
          <AppLayout section={section} trail={trail} banner={<AlertBanner loadBudgets={loadSloBudgets} />}>
            <Routes>
              <Route path="queues" element={<QueuesPage />} />
              <Route path="runs" element={<RunsPage />} />
              <Route path="runs/:queue/:id" element={<RunDetailPage />} />
              <Route path="dlq" element={<DlqPage />} />
              <Route path="health" element={<HealthPage />} />
              <Route path="tenants" element={<TenantsPage />} />
              <Route path="event-flow" element={<EventFlowPage />} />
              <Route path="slos" element={<SlosPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="support" element={<SupportPage />} />
              <Route path="diagnostics" element={<DiagnosticsPage />} />
              <Route path="rollback" element={<RollbackPage />} />
              <Route path="*" element={<Navigate to={`${APP_URL}/queues`} replace />} />
            </Routes>
          </AppLayout>
        </BrutalistTheme>
      </SettingsProvider>
    </PluginPage>
  );
}

/** A hand-edited URL can hold a bad % sequence; show it raw rather than crash the app. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
