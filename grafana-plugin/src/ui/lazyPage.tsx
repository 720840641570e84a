// Pages are fetched on first visit, each feature as its own chunk (the webpackChunkName in the
// import() names the file), so module.js stays small and a page's code loads only when it is opened.
import { css } from '@emotion/css';
import { lazy, Suspense, type ComponentType } from 'react';
import { COLORS, FONT_SIZE, MONO } from '../theme/theme';

/** `load` resolves to the component (e.g. `() => import('./X').then((m) => m.X)`). */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Page = lazy(() => load().then((component) => ({ default: component }))) as unknown as ComponentType<P>;
  return function LazyPage(props: P) {
    return (
      <Suspense fallback={<ChunkLoading />}>
        <Page {...props} />
      </Suspense>
    );
  };
}

/** While a chunk loads; it may show before BrutalistTheme has loaded, so it styles itself. */
export function ChunkLoading() {
  return (
    <div className={loading} aria-busy="true" data-testid="chunk-loading">
      Loading…
    </div>
  );
}

const loading = css`
  padding: 24px 12px;
  background: ${COLORS.black};
  color: ${COLORS.acid};
  font-family: ${MONO};
  font-size: ${FONT_SIZE.small};
`;
