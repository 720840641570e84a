// Digital brutalism v2 (UX-1, UX-COLOR-*, UX-RADIUS, UX-SHADOW, UX-TYPE): the tokens every
// part of the app takes its look from (colours, fonts, type sizes, radius), and the one Grafana
// theme built from them for everything @grafana/ui draws inside the app.
import { createTheme } from '@grafana/data';
import { STATUS_PALETTE, type RunState } from '@trafi-ops/contracts';

export const COLORS = {
  acid: '#CCFF00',
  black: '#000000',
  border: '#333333',
  text: '#FFFFFF',
  muted: '#9CA3AF',
  // Status colours: the palette the dashboards share (contracts' STATUS_PALETTE).
  success: STATUS_PALETTE.ok,
  error: STATUS_PALETTE.bad,
  warning: STATUS_PALETTE.warn,
  waiting: STATUS_PALETTE.neutral,
  active: STATUS_PALETTE.info,
  /** Near-black shades, darkest first: hovered rows and tabs, hairlines between log lines. */
  ink1: '#0A0A0A',
  ink2: '#0D0D0D',
  ink3: '#111111',
  /** A selected row: acid at a tenth on black. */
  selected: '#161A00',
} as const;

/** Figures, ids, code and labels (bundled by BrutalistTheme); everything else is SANS. */
export const MONO = "'JetBrains Mono', ui-monospace, monospace";
export const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
/** The type scale. */
export const FONT_SIZE = {
  /** Badges, column headers, captions. */
  label: '11px',
  /** Mono text: logs, JSON, notices, toolbars. */
  small: '12px',
  /** Table rows and nav. */
  body: '13px',
  /** A health cell's figure. */
  figure: '20px',
  /** The app's title. */
  title: '24px',
} as const;
/** Square corners everywhere, including what Grafana draws for us. */
export const RADIUS = 0;

/** Column and group headers: small muted capitals (a CSS fragment for emotion's css``). */
export const CAPS = `font-size: ${FONT_SIZE.label}; font-weight: 600; letter-spacing: 0.08em; text-transform: uppercase; color: ${COLORS.muted};`;

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
    // Black on the status colours: white on #FF3366 is 3.6:1, black 5.8:1 (WCAG AA asks 4.5:1),
    // so destructive buttons (Bulk Delete) read.
    error: { main: COLORS.error, text: COLORS.error, contrastText: COLORS.black },
    warning: { main: COLORS.warning, text: COLORS.warning, contrastText: COLORS.black },
    background: { canvas: COLORS.black, primary: COLORS.black, secondary: COLORS.black, elevated: COLORS.black },
    border: { weak: COLORS.border, medium: COLORS.border, strong: COLORS.border },
    text: { primary: COLORS.text, maxContrast: COLORS.text, link: COLORS.acid },
  },
  shape: { borderRadius: RADIUS },
  typography: { fontFamily: SANS, fontFamilyMonospace: MONO },
});
