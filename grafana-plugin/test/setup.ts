// Component tests run in jsdom: the browser APIs it lacks and @grafana/ui touches at import
// time, as Grafana's own test setup provides them.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { resetBackend, setOperator } from './fake-backend';

window.matchMedia ??= (query: string) =>
  ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

beforeEach(() => {
  resetBackend();
  setOperator(true);
});
afterEach(() => cleanup());
