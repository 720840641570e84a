// Component tests run in jsdom: the browser APIs it lacks and @grafana/ui touches at import
// time, as Grafana's own test setup provides them.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

window.matchMedia ??= (query: string) =>
  ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
// Grafana's ScrollContainer (Drawer, Select and Combobox menus) watches its edges.
globalThis.IntersectionObserver ??= class {
  readonly root = null;
  readonly rootMargin = '';
  readonly thresholds = [];
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
} as unknown as typeof IntersectionObserver;
// Combobox measures its labels on a canvas, which jsdom does not draw.
HTMLCanvasElement.prototype.getContext = function () {
  return { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
} as unknown as HTMLCanvasElement['getContext'];

// Imported after the stand-ins above: it loads @grafana/ui, whose uPlot calls matchMedia at import time.
const { resetBackend, setOperator } = await import('./fake-backend');

beforeEach(() => {
  resetBackend();
  setOperator(true);
});
afterEach(() => cleanup());
