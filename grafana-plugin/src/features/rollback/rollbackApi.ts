// What the Rollback page loads from the ops API: recent releases (newest first), what is live per
// component (and paused), and the rollbacks' history; and the versions a scope can go back to.
import { componentsOf, type LiveState, type Release, type Rollback, type Scope } from '@trafi-ops/contracts';
import { opsApi } from '../../api/ops-api';

export interface Timeline {
  releases: Release[];
  live: LiveState[];
  rollbacks: Rollback[];
}

export async function loadTimeline(): Promise<Timeline> {
  const [releases, live, rollbacks] = await Promise.all([opsApi.deployments({ limit: 100 }), opsApi.liveDeployments(), opsApi.rollbacks({ limit: 20 })]);
  return { releases: releases.items, live, rollbacks: rollbacks.items };
}

/** Versions recorded for the scope's components that are not live for all of them, newest first. */
export function targetsFor(t: Timeline, scope: Scope): string[] {
  const components = componentsOf(scope);
  const live = new Map(t.live.map((l) => [l.component, l.version]));
  const versions: string[] = [];
  for (const r of t.releases) {
    if (!components.some((c) => r.components[c])) continue;
    if (components.every((c) => !r.components[c] || live.get(c) === r.version)) continue;
    if (!versions.includes(r.version)) versions.push(r.version);
  }
  return versions;
}
