// The report's brutalist print look: black on white, 1px rules, Acid Lime as fills (lime text
// on paper cannot be read), JetBrains Mono for data from the @fontsource package the plugin
// uses too (WOFF, embedded and subset by pdfkit), Helvetica for prose.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const COLORS = { ink: '#000000', paper: '#FFFFFF', rule: '#000000', muted: '#555555', faint: '#BBBBBB', lime: '#CCFF00', error: '#FF3366', success: '#00FF94' };

export const FONTS = {
  mono: require.resolve('@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff'),
  monoBold: require.resolve('@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff'),
};

export const PAGE = { size: 'A4' as const, margin: 48, ruleWidth: 1 };
