// The app's root page: Grafana mounts it at /a/trafi-ops-app/* and passes AppRootProps.
import { PageLayoutType, type AppRootProps } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './ui/AppLayout';
import { APP_URL, SECTIONS, type AppSettings, type SectionId } from './constants';
import { DlqPage } from './features/dlq/DlqPage';
import { HealthPage } from './features/health/HealthPage';
import { QueuesPage } from './features/queues/QueuesPage';
import { RunDetailPage } from './features/runs/RunDetailPage';
import { RunsPage } from './features/runs/RunsPage';
import { SettingsProvider } from './settings';
import { BrutalistTheme } from './theme/BrutalistTheme';

export function App({ meta }: AppRootProps<AppSettings>) {
  const { pathname } = useLocation();
  const rest = pathname.startsWith(APP_URL) ? pathname.slice(APP_URL.length + 1).split('/') : [];
  const section = SECTIONS.find((s) => s.id === rest[0])?.id as SectionId | undefined;
  const trail = section === 'runs' && rest.length >= 3 ? [safeDecode(rest.slice(1).join('/'))] : [];
  return (
    <PluginPage layout={PageLayoutType.Custom}>
      <SettingsProvider settings={meta.jsonData}>
        <BrutalistTheme>
          <AppLayout section={section} trail={trail}>
            <Routes>
              <Route path="queues" element={<QueuesPage />} />
              <Route path="runs" element={<RunsPage />} />
              <Route path="runs/:queue/:id" element={<RunDetailPage />} />
              <Route path="dlq" element={<DlqPage />} />
              <Route path="health" element={<HealthPage />} />
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
