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

// Imported after the stand-ins above: it loads @grafana/ui, whose uPlot calls matchMedia at import time.
const { resetBackend, setOperator } = await import('./fake-backend');

beforeEach(() => {
  resetBackend();
  setOperator(true);
});
afterEach(() => cleanup());
