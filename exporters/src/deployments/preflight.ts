// Before a rollback moves anything: the target exists and differs from what is live, its
// artifacts are present, and the database migrations applied since the target are weighed
// (forward-only: the schema stays, so the older code must tolerate it; a migration marked
// `breaksOlderCode` forbids the rollback; the others need the caller's acknowledgement).
import { componentsOf, type Component, type Migration, type Preflight, type Release, type Scope } from '@trafi-ops/contracts';
import { ApiError } from '../api/errors.ts';
import type { DeploymentDriver } from './driver.ts';
import type { ReleaseRegistry } from './registry.ts';

export interface PreflightRequest {
  scope: Scope;
  targetVersion: string;
  acknowledgeMigrations?: true | string[];
}

export interface PreflightResult {
  preflight: Preflight;
  target: Release;
  /** The release live per moved component before the rollback (what an abort goes back to). */
  previous: Map<Component, Release | null>;
  components: Component[];
}

/**
 * Migrations applied that `target` does not expect, in the order they went in. Migrations are
 * forward-only, so everything any recorded release brought is applied (a rollback removes none).
 */
export function migrationsAfter(history: Release[], target: Release): Migration[] {
  const expected = new Set(target.migrations.map((m) => m.name));
  const seen = new Map<string, Migration>();
  for (const r of history) for (const m of r.migrations) if (!expected.has(m.name) && !seen.has(m.name)) seen.set(m.name, m);
  return [...seen.values()];
}

/** Throws a 4xx naming the field for what cannot be a rollback at all; otherwise the preflight with its refusals. */
export async function preflight(registry: ReleaseRegistry, driver: DeploymentDriver, req: PreflightRequest): Promise<PreflightResult> {
  const target = await registry.byVersion(req.targetVersion);
  if (!target) throw new ApiError(404, 'unknown_version', `no release of version ${req.targetVersion} is recorded`, 'targetVersion');
  const components = req.scope === 'full' ? componentsOf('full').filter((c) => target.components[c]) : componentsOf(req.scope);
  const live = await registry.live();
  const refusals: Preflight['refusals'] = [];
  for (const c of components) {
    if (!target.components[c]) refusals.push({ code: 'artifact_missing', message: `release ${target.version} carries no ${c} artifact`, field: `components.${c}` });
  }
  const moving = components.filter((c) => live.get(c)?.version !== target.version);
  if (moving.length === 0) throw new ApiError(409, 'same_version', `${target.version} is already live for ${req.scope}`, 'targetVersion');

  for (const c of moving) {
    const artifact = target.components[c];
    if (artifact && !(await driver.artifactPresent(c, artifact))) {
      refusals.push({ code: 'artifact_missing', message: `the ${c} artifact of ${target.version} is not present (${artifact.directory ?? artifact.image})`, field: `components.${c}` });
    }
  }
  const forwardOnly = migrationsAfter(await registry.history(), target);
  for (const m of forwardOnly.filter((x) => x.breaksOlderCode)) {
    refusals.push({ code: 'incompatible_migration', message: `migration ${m.name} was applied after ${target.version} and is marked incompatible with older code`, field: 'targetVersion' });
  }
  const ack = req.acknowledgeMigrations;
  const acknowledged = ack === true || (Array.isArray(ack) && forwardOnly.every((m) => ack.includes(m.name)));
  const needsAcknowledgement = forwardOnly.length > 0 && !acknowledged;
  const plan = moving.filter((c) => target.components[c]).map((c) => ({ component: c, from: live.get(c)?.version ?? null, to: target.version, artifact: target.components[c]! }));
  return {
    preflight: { ok: refusals.length === 0 && !needsAcknowledgement, forwardOnly, needsAcknowledgement, refusals, plan },
    target,
    previous: new Map(moving.map((c) => [c, live.get(c) ?? null])),
    components: moving,
  };
}
