// The house's layout, held against every workspace: the dependency graph between our packages
// has no loop, the contract and the dev stack depend on none of ours, and no product source
// (nor the plugin's browser bundle) imports the dev stack, the demo or the server package.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCOPE = '@trafi-ops/';

interface Workspace {
  dir: string;
  name: string;
  deps: string[];
  devDeps: string[];
}

const ours = (o: Record<string, string> | undefined) => Object.keys(o ?? {}).filter((k) => k.startsWith(SCOPE));

const workspaces: Workspace[] = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).workspaces as string[]).map((dir) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
  return { dir, name: pkg.name, deps: ours(pkg.dependencies), devDeps: ours(pkg.devDependencies) };
});
const byName = new Map(workspaces.map((w) => [w.name, w]));

/** A loop through dependencies and devDependencies, as a list of names, or null. */
function findLoop(): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, path: string[]): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    const w = byName.get(name)!;
    for (const next of [...w.deps, ...w.devDeps]) {
      const loop = visit(next, [...path, name]);
      if (loop) return loop;
    }
    state.set(name, 'done');
    return null;
  };
  for (const w of workspaces) {
    const loop = visit(w.name, []);
    if (loop) return loop;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(f) ? [p] : [];
  });
}

/** The packages of ours that the files under `dir` import. */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(join(ROOT, dir))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/from '(@trafi-ops\/[a-z0-9-]+)/g)) found.set(m[1]!, file.slice(ROOT.length));
  }
  return found;
}

describe('workspace layout', () => {
  it('every dependency between our workspaces names a workspace, and none is declared twice', () => {
    for (const w of workspaces) {
      for (const d of [...w.deps, ...w.devDeps]) expect(byName.has(d), `${w.name} -> ${d}`).toBe(true);
      expect(w.deps.filter((d) => w.devDeps.includes(d)), w.name).toEqual([]);
    }
  });

  it('has no loop between workspaces (dependencies and devDependencies alike)', () => {
    expect(findLoop()).toBeNull();
  });

  it('the contract and the dev stack depend on none of our packages', () => {
    for (const name of ['@trafi-ops/contracts', '@trafi-ops/devstack']) {
      const w = byName.get(name)!;
      expect([...w.deps, ...w.devDeps], name).toEqual([]);
    }
  });

  it('product sources import neither the dev stack nor the demo, and the plugin bundle no server package', () => {
    const forbidden: Record<string, string[]> = {
      'exporters/src': ['@trafi-ops/devstack', '@trafi-ops/demo', '@trafi-ops/alert-rules'],
      'alert-rules/src': ['@trafi-ops/devstack', '@trafi-ops/demo', '@trafi-ops/exporters'],
      'dashboards/src': ['@trafi-ops/devstack', '@trafi-ops/demo', '@trafi-ops/exporters'],
      'grafana-plugin/src': ['@trafi-ops/devstack', '@trafi-ops/demo', '@trafi-ops/exporters', '@trafi-ops/alert-rules'],
      'contracts/src': ['@trafi-ops/'],
      'devstack/src': ['@trafi-ops/'],
    };
    for (const [dir, names] of Object.entries(forbidden)) {
      const bad = [...importedPackages(dir)].filter(([pkg]) => names.some((n) => pkg.startsWith(n)));
      expect(bad, dir).toEqual([]);
    }
  });

  it('what a workspace imports at run time it declares as a dependency', () => {
    for (const w of workspaces) {
      const srcDir = w.dir === 'grafana-plugin' ? 'grafana-plugin/src' : `${w.dir}/src`;
      for (const [pkg, file] of importedPackages(srcDir)) {
        if (pkg !== w.name) expect(w.deps, `${file} imports ${pkg}`).toContain(pkg);
      }
    }
  });
});
