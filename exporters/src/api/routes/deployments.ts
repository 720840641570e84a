import { API_BASE, componentsOf, endpoints, type Component } from '@trafi-ops/contracts';
import type { ApiContext } from '../context.ts';
import { audited, beginAudit } from '../audited.ts';
import { ApiError, notFound } from '../errors.ts';
import { handle, resourceRouter, type ResourceRouter } from '../handle.ts';
import { preflight } from '../../deployments/preflight.ts';
import { ScopeBusyError } from '../../deployments/registry.ts';

const unconfigured = () => new ApiError(503, 'deployments_unconfigured', 'no deployment driver is configured for this ops API');

/** Releases: recorded by CI/CD (deployer), listed per scope; pause/resume automatic deploys. */
export function deploymentRoutes(ctx: ApiContext): ResourceRouter {
  const at = resourceRouter('/deployments');
  const registry = () => ctx.releases;

  handle(at, endpoints.listDeployments, ({ query }) => registry().list({ component: query.scope ? componentsOf(query.scope) : undefined, cursor: query.cursor, limit: query.limit }));
  handle(at, endpoints.getLiveDeployments, async () => ({ items: await registry().liveStates() }));

  handle(at, endpoints.recordDeployment, async ({ body }, req) => {
    const components = Object.keys(body.components) as Component[];
    const paused = await registry().pauses();
    const blocked = components.find((c) => paused.has(c));
    // Paused after a rollback (the Render lesson): CI must not roll the bad version forward again.
    if (blocked) throw new ApiError(409, 'deploys_paused', `automatic deploys of ${blocked} are paused (${paused.get(blocked)}); resume them first`, `components.${blocked}`);
    const release = await audited(ctx.audit, req, { action: 'deployment.record', target: `${body.version} (${components.join(', ')})`, reason: body.reason ?? `deployed ${body.commit}`, details: { commit: body.commit, migrations: body.migrations.map((m) => m.name) } }, () =>
      registry().record({ version: body.version, components: body.components, commit: body.commit, migrations: body.migrations, actor: req.principal!.user, deployedAt: body.deployedAt }),
      (r) => `release #${r.id}`,
    );
    return { release };
  });

  for (const [action, endpoint] of [['pause', endpoints.pauseDeployments], ['resume', endpoints.resumeDeployments]] as const) {
    handle(at, endpoint, async ({ body }, req) => {
      const components = componentsOf(body.scope);
      await audited(ctx.audit, req, { action: `deployment.${action}`, target: body.scope, reason: body.reason }, () =>
        action === 'pause' ? registry().pause(components, body.reason, req.principal!.user) : registry().resume(components),
      );
      return { live: await registry().liveStates() };
    });
  }
  return at;
}

/** Rollbacks: preflight, dry run, the tracked run (202), its progress and history. */
export function rollbackRoutes(ctx: ApiContext): ResourceRouter {
  const at = resourceRouter('/rollbacks');
  const deployments = () => ctx.rollbacks ?? (() => { throw unconfigured(); })();

  handle(at, endpoints.listRollbacks, ({ query }) => ctx.releases.listRollbacks(query));
  handle(at, endpoints.getRollback, async ({ params: { id } }) => {
    const rollback = await ctx.releases.getRollback(id);
    if (!rollback) throw notFound(`rollback ${id}`, 'id');
    return { rollback };
  });

  handle(at, endpoints.startRollback, async ({ body }, req, res) => {
    const requestedAt = Date.now();
    const { driver, service } = deployments();
    const checked = await preflight(ctx.releases, driver, body);
    if (body.dryRun) {
      res.status(200);
      return { dryRun: true as const, preflight: checked.preflight };
    }
    const { preflight: p } = checked;
    const refusal = p.refusals[0];
    if (refusal) throw new ApiError(409, refusal.code, refusal.message, refusal.field);
    if (p.needsAcknowledgement) {
      throw new ApiError(409, 'acknowledgement_required', `forward-only: migrations ${p.forwardOnly.map((m) => m.name).join(', ')} were applied after ${body.targetVersion} and stay; acknowledge them to proceed`, 'acknowledgeMigrations');
    }
    const actor = req.principal!;
    const planned = service.plan(checked, body.scope, body.reason, actor, requestedAt);
    // The row is written before anything moves and completed with the outcome when the run ends.
    const ticket = await beginAudit(ctx.audit, req, {
      action: 'rollback.start',
      target: `${body.scope} -> ${checked.target.version}`,
      reason: body.reason,
      details: { rollback: planned.id, from: planned.fromVersions, forwardOnlyAcknowledged: p.forwardOnly.map((m) => m.name) },
    });
    try {
      const rollback = await service.start(planned, checked, actor, (final) =>
        final.status === 'succeeded' ? ticket.succeeded(`verified in ${final.durationMs} ms; release #${final.releaseId}`) : ticket.failed(new Error(`${final.status}: ${final.error}`)),
      );
      res.status(202).location(`${API_BASE}/rollbacks/${rollback.id}`);
      return { rollback };
    } catch (err) {
      await ticket.failed(err);
      if (err instanceof ScopeBusyError) throw new ApiError(409, 'rollback_in_progress', err.message, 'scope');
      throw err;
    }
  });
  return at;
}
