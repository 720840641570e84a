// The report's brutalist print look: black on white, 1px rules, Acid Lime as fills (lime text
// on paper cannot be read), JetBrains Mono for data, Helvetica for prose. The font is bundled as
// TrueType (fonts/, SIL OFL): fontkit cannot subset the plugin's @fontsource WOFF files.
import { fileURLToPath } from 'node:url';

const font = (file: string) => fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));

export const COLORS = { ink: '#000000', paper: '#FFFFFF', rule: '#000000', muted: '#555555', faint: '#BBBBBB', lime: '#CCFF00', error: '#FF3366', success: '#00FF94' };

export const FONTS = {
  mono: font('JetBrainsMono-Regular.ttf'),
  monoBold: font('JetBrainsMono-Bold.ttf'),
};

export const PAGE = { size: 'A4' as const, margin: 48, ruleWidth: 1 };
