// Wraps the app (and our modals, which render in portals) in the brutalist theme.
// ThemeContext re-themes every @grafana/ui part below it; the scoped CSS covers what
// the theme does not reach (pill/circle radii, shadows) without touching Grafana's chrome.
import { css, cx, injectGlobal } from '@emotion/css';
import { ThemeContext } from '@grafana/data';
import { useEffect, type ReactNode } from 'react';
import mono400 from '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2';
import mono700 from '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff2';
import { brutalistTheme, COLORS, MONO, RADIUS, SANS } from './theme';

// Grafana does not ship JetBrains Mono: the plugin bundles it (SIL OFL 1.1, @fontsource).
injectGlobal`
  @font-face { font-family: 'JetBrains Mono'; font-style: normal; font-weight: 400; font-display: swap; src: url(${mono400}) format('woff2'); }
  @font-face { font-family: 'JetBrains Mono'; font-style: normal; font-weight: 700; font-display: swap; src: url(${mono700}) format('woff2'); }
`;

// What @grafana/ui renders outside the app's subtree (Select and Combobox menus, tooltips, the
// Drawer) lives in Grafana's portal container or .rc-drawer: square and flat too, while the app is shown.
const ACTIVE = 'trafi-ops-active';
injectGlobal`
  body.${ACTIVE} #grafana-portal-container *,
  body.${ACTIVE} #grafana-portal-container *::before,
  body.${ACTIVE} #grafana-portal-container *::after,
  body.${ACTIVE} .rc-drawer,
  body.${ACTIVE} .rc-drawer *,
  body.${ACTIVE} .rc-drawer *::before,
  body.${ACTIVE} .rc-drawer *::after {
    border-radius: ${RADIUS} !important;
    box-shadow: none !important;
  }
`;
let mounted = 0;
function useActiveOnBody() {
  useEffect(() => {
    if (mounted++ === 0) document.body.classList.add(ACTIVE);
    return () => {
      if (--mounted === 0) document.body.classList.remove(ACTIVE);
    };
  }, []);
}

/** Class for every element rendered by the app, including portals (pass it to Modal's className). */
export const brutalistScope = css`
  background: ${COLORS.black};
  color: ${COLORS.text};
  font-family: ${SANS};
  &,
  & *,
  & *::before,
  & *::after {
    border-radius: ${RADIUS} !important;
    box-shadow: none !important;
  }
  & a {
    color: inherit;
    text-decoration: none;
  }
  & :focus-visible {
    outline: 2px solid ${COLORS.acid} !important;
    outline-offset: -2px;
  }
  & .mono,
  & code,
  & pre,
  & [data-mono] {
    font-family: ${MONO};
  }
`;

export function BrutalistTheme({ children, className }: { children: ReactNode; className?: string }) {
  useActiveOnBody();
  return (
    <ThemeContext.Provider value={brutalistTheme}>
      <div className={cx(brutalistScope, className)} data-testid="trafi-ops-scope">
        {children}
      </div>
    </ThemeContext.Provider>
  );
}
