import type React from 'react';
import { createContext, useContext } from 'react';
import { DEFAULT_PROMETHEUS_UID, DEFAULT_REFRESH_SECONDS, type AppSettings } from './constants';

export type ResolvedSettings = Required<Pick<AppSettings, 'prometheusUid' | 'refreshSeconds'>> & AppSettings;

export function resolveSettings(s: AppSettings | undefined): ResolvedSettings {
  return { ...s, prometheusUid: s?.prometheusUid || DEFAULT_PROMETHEUS_UID, refreshSeconds: s?.refreshSeconds || DEFAULT_REFRESH_SECONDS };
}

const SettingsContext = createContext<ResolvedSettings>(resolveSettings(undefined));

export function SettingsProvider({ settings, children }: { settings: AppSettings | undefined; children: React.ReactNode }) {
  return <SettingsContext.Provider value={resolveSettings(settings)}>{children}</SettingsContext.Provider>;
}

export const useSettings = () => useContext(SettingsContext);
