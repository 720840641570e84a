// Digital brutalism v2 (UX-1, UX-COLOR-*, UX-RADIUS, UX-SHADOW, UX-TYPE): one Grafana
// theme for everything @grafana/ui draws inside the app, and the palette our own parts use.
import { createTheme } from '@grafana/data';
import type { RunState } from '@trafi-ops/contracts';

export const COLORS = {
  acid: '#CCFF00',
  black: '#000000',
  border: '#333333',
  text: '#FFFFFF',
  muted: '#9CA3AF',
  success: '#00FF94',
  error: '#FF3366',
  warning: '#FFB800',
  waiting: '#6B7280',
  active: '#3B82F6',
} as const;

export const MONO = "'JetBrains Mono', ui-monospace, monospace";
/** Column and group headers: small muted capitals (a CSS fragment for emotion's css``). */
export const CAPS = `font-size: 11px; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; color: ${COLORS.muted};`;
export const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/** UX-4: a run's state as a colour. */
export const STATE_COLORS: Record<RunState, string> = {
  waiting: COLORS.waiting,
  delayed: COLORS.waiting,
  active: COLORS.active,
  completed: COLORS.success,
  failed: COLORS.error,
  dead_lettered: COLORS.error,
};

/** Green / yellow / red for health cells. */
export type Status = 'ok' | 'warn' | 'bad' | 'unknown';
export const STATUS_COLORS: Record<Status, string> = { ok: COLORS.success, warn: COLORS.warning, bad: COLORS.error, unknown: COLORS.waiting };

export const brutalistTheme = createTheme({
  colors: {
    mode: 'dark',
    primary: { main: COLORS.acid, text: COLORS.acid, contrastText: COLORS.black },
    success: { main: COLORS.success, text: COLORS.success },
    error: { main: COLORS.error, text: COLORS.error },
    warning: { main: COLORS.warning, text: COLORS.warning },
    background: { canvas: COLORS.black, primary: COLORS.black, secondary: COLORS.black, elevated: COLORS.black },
    border: { weak: COLORS.border, medium: COLORS.border, strong: COLORS.border },
    text: { primary: COLORS.text, maxContrast: COLORS.text, link: COLORS.acid },
  },
  shape: { borderRadius: 0 },
  typography: { fontFamily: SANS, fontFamilyMonospace: MONO },
});
