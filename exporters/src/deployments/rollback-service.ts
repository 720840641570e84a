// A rollback as a tracked operation: its steps (pause deploys, each component's rollout through
// the driver, readiness, the Prometheus analysis, the new release) are saved as they go, each
// audited with who and why. A failed rollout or verification aborts back to the versions that
// were live and raises an alert. One rollback at a time per component (the registry's locks).
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Component, Rollback, RollbackStep, Scope, Verification } from '@trafi-ops/contracts';
import type { AuditLog } from '../db/audit-log.ts';
import type { PrometheusAnalysis } from './analysis.ts';
import type { DeploymentDriver } from './driver.ts';
import type { PreflightResult } from './preflight.ts';
import type { ReleaseRegistry } from './registry.ts';
import type { RollbackAlerter } from './rollback-alert.ts';

export interface Actor {
  user: string;
  role: string;
}

export interface RollbackServiceDeps {
  registry: ReleaseRegistry;
  driver: DeploymentDriver;
  audit: AuditLog;
  logger: Logger;
  /** Unset: verification is readiness only (the analysis is recorded as skipped). */
  analysis?: PrometheusAnalysis;
  alerter?: RollbackAlerter;
}

const ROLLOUT_STEPS = ['start', 'ready', 'switch', 'retire'] as const;

export class RollbackService {
  /** Runs under way in this process, awaited by `close` and by tests. */
  protected readonly running = new Map<string, Promise<Rollback>>();

  constructor(protected readonly deps: RollbackServiceDeps) {}

  /** The rollback as planned (nothing moved yet): its steps, pending. */
  plan(checked: PreflightResult, scope: Scope, reason: string, actor: Actor, requestedAt: number): Rollback {
    const step = (name: string, component: Component | null = null): RollbackStep => ({ name, component, status: 'pending', startedAt: null, finishedAt: null, detail: null });
    return {
      id: randomUUID(),
      scope,
      fromVersions: Object.fromEntries([...checked.previous].map(([c, r]) => [c, r?.version ?? null])),
      targetVersion: checked.target.version,
      reason,
      actor: actor.user,
      status: 'running',
      steps: [
        step('pause deploys'),
        ...checked.components.flatMap((c) => ROLLOUT_STEPS.map((s) => step(`${c}.${s}`, c))),
        step('verify readiness'),
        step('verify analysis'),
        step('record release'),
      ],
      progress: 0,
      preflight: checked.preflight,
      verification: null,
      releaseId: null,
      startedAt: requestedAt,
      finishedAt: null,
      durationMs: null,
      error: null,
    };
  }

  /** Takes the locks (ScopeBusyError: nothing started), saves the rollback and runs it in the background. */
  async start(rollback: Rollback, checked: PreflightResult, actor: Actor, onDone: (r: Rollback) => Promise<void>): Promise<Rollback> {
    await this.deps.registry.lock(checked.components, rollback.id);
    try {
      await this.deps.registry.saveRollback(rollback);
    } catch (err) {
      await this.deps.registry.unlock(checked.components, rollback.id);
      throw err;
    }
    const run = new RollbackRun(this.deps, rollback, checked, actor)
      .execute()
      .finally(() => this.deps.registry.unlock(checked.components, rollback.id).catch(() => undefined))
      .then(async (final) => {
        await onDone(final).catch(() => undefined);
        return final;
      })
      .finally(() => this.running.delete(rollback.id));
    this.running.set(rollback.id, run);
    return rollback;
  }

  /** Resolves with the rollback once it has ended (here, in this process). */
  async settled(id: string): Promise<Rollback | undefined> {
    return this.running.get(id);
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}

/** One rollback's execution; its state is saved after every change of a step. */
class RollbackRun {
  constructor(
    protected readonly deps: RollbackServiceDeps,
    protected r: Rollback,
    protected readonly checked: PreflightResult,
    protected readonly actor: Actor,
  ) {}

  async execute(): Promise<Rollback> {
    const { registry } = this.deps;
    const switched: Component[] = [];
    try {
      await this.step('pause deploys', async () => {
        await registry.pause(this.checked.components, `rollback ${this.r.id} to ${this.r.targetVersion}: ${this.r.reason}`, this.actor.user);
        return `automatic deploys paused for ${this.checked.components.join(', ')} until resumed`;
      });
      for (const c of this.checked.components) {
        await this.rollout(c, this.checked.target.version, this.checked.target.components[c]!, () => switched.push(c));
      }
      await this.update({ status: 'verifying' });
      const passed = await this.verify();
      if (!passed) return await this.abort(switched, 'verification failed');
      let releaseId = 0;
      await this.step('record release', async () => {
        const t = this.checked.target;
        const components = Object.fromEntries(this.checked.components.map((c) => [c, t.components[c]!]));
        const release = await registry.record({ version: t.version, components, commit: t.commit, migrations: t.migrations, actor: this.actor.user, rollbackId: this.r.id });
        releaseId = release.id;
        return `release #${release.id} (${t.version}) is live for ${this.checked.components.join(', ')}`;
      });
      return await this.finish({ status: 'succeeded', releaseId });
    } catch (err) {
      return await this.abort(switched, (err as Error).message);
    }
  }

  /** One component through the driver; its four steps follow the driver's reports. */
  protected async rollout(component: Component, version: string, artifact: Rollback['preflight']['plan'][number]['artifact'], onSwitched: () => void, prefix = `${component}.`): Promise<void> {
    let current: string | undefined;
    let ticket: { complete(ok: boolean, detail: string): Promise<void> } | undefined;
    // The driver reports synchronously as it goes; each report's saves wait for the one before.
    const chain: Promise<void>[] = [];
    const reporting = (name: string, detail?: string) => {
      const before = [...chain];
      chain.push(
        (async () => {
          await Promise.all(before);
          if (current) await this.endStep(current, 'succeeded', undefined, ticket);
          current = `${prefix}${name}`;
          ticket = await this.beginStep(current, detail);
          if (name === 'retire') onSwitched();
        })(),
      );
    };
    try {
      await this.deps.driver.rollout({ component, version, artifact }, reporting);
      await Promise.all(chain);
      if (current) await this.endStep(current, 'succeeded', undefined, ticket);
    } catch (err) {
      await Promise.all(chain).catch(() => undefined);
      // Past the switch, traffic went to the new version: the abort must bring the old one back.
      if (current?.endsWith('.switch')) onSwitched();
      if (current) await this.endStep(current, 'failed', (err as Error).message, ticket);
      throw err;
    }
  }

  protected async verify(): Promise<boolean> {
    const { driver, analysis } = this.deps;
    const verification: Verification = {
      status: 'running',
      condition: analysis?.condition() ?? 'readiness only (no Prometheus configured)',
      intervalMs: 0, count: 0, failureLimit: 0, failures: 0, inconclusiveLimit: 0, inconclusive: 0,
      measurements: [], readiness: [],
    };
    if (analysis) Object.assign(verification, { intervalMs: analysis.config.intervalMs, count: analysis.config.count, failureLimit: analysis.config.failureLimit, inconclusiveLimit: analysis.config.inconclusiveLimit });
    await this.update({ verification });
    let ready = true;
    await this.step('verify readiness', async () => {
      for (const c of this.checked.components) {
        for (const i of await driver.readiness(c)) {
          verification.readiness.push({ component: c, instance: i.instance, ready: i.ready });
          ready &&= i.ready;
        }
      }
      await this.update({ verification });
      if (!ready) throw new Error(`not ready: ${verification.readiness.filter((i) => !i.ready).map((i) => `${i.component} ${i.instance}`).join(', ')}`);
      return `${verification.readiness.length} instance(s) ready`;
    }).catch(() => undefined);
    if (!ready) {
      await this.update({ verification: { ...verification, status: 'failed' } });
      return false;
    }
    if (!analysis || !analysis.measures(this.checked.components)) {
      await this.skip('verify analysis', analysis ? `nothing to measure: ${this.checked.components.join(', ')} serve(s) no HTTP traffic` : 'no Prometheus configured');
      await this.update({ verification: { ...verification, status: 'passed' } });
      return true;
    }
    let passed = false;
    await this.step('verify analysis', async () => {
      const result = await analysis.run(this.checked.components, this.r.targetVersion, async (measurements, tally) => {
        await this.update({ verification: { ...verification, measurements: [...measurements], ...tally } });
      });
      passed = result.passed;
      Object.assign(verification, { measurements: result.measurements, failures: result.failures, inconclusive: result.inconclusive, status: result.passed ? 'passed' : 'failed' });
      await this.update({ verification: { ...verification } });
      const figures = result.measurements.map((m) => `${m.requests ?? '-'} req ${m.errorRatio?.toFixed(3) ?? '-'}/${m.p95Seconds?.toFixed(3) ?? '-'}s`).join(' ');
      if (!result.passed) {
        throw new Error(result.failures > verification.failureLimit
          ? `${result.failures} failed measurement(s) over the limit of ${verification.failureLimit}: ${figures}`
          : `${result.inconclusive} inconclusive measurement(s) (too little traffic) over the limit of ${verification.inconclusiveLimit}: ${figures}`);
      }
      return `${result.measurements.length} measurement(s) (requests, error ratio/p95): ${figures}`;
    }).catch(() => undefined);
    return passed;
  }

  /** Puts back the versions that were live for the components already switched, then alerts. */
  protected async abort(switched: Component[], why: string): Promise<Rollback> {
    for (const s of this.r.steps) if (s.status === 'pending') s.status = 'skipped';
    await this.update({ error: why });
    let restoreFailed: string | undefined;
    for (const c of switched) {
      const previous = this.checked.previous.get(c);
      const artifact = previous?.components[c];
      if (!previous || !artifact) continue;
      this.r.steps.push({ name: `abort ${c} to ${previous.version}`, component: c, status: 'pending', startedAt: null, finishedAt: null, detail: null });
      await this.step(`abort ${c} to ${previous.version}`, async () => {
        await this.deps.driver.rollout({ component: c, version: previous.version, artifact }, () => undefined);
        return `${c} ${previous.version} is live again`;
      }).catch((err: Error) => (restoreFailed = `${c}: ${err.message}`));
    }
    const final = await this.finish({ status: restoreFailed ? 'failed' : 'aborted', error: restoreFailed ? `${why}; restoring failed (${restoreFailed})` : why });
    if (this.deps.alerter) {
      this.r.steps.push({ name: 'alert', component: null, status: 'pending', startedAt: null, finishedAt: null, detail: null });
      await this.step('alert', async () => {
        await this.deps.alerter!.verificationFailed(this.r);
        return 'RollbackVerificationFailed sent to Alertmanager';
      }).catch((err: Error) => this.deps.logger.error({ err, rollback: this.r.id }, 'rollback alert not delivered'));
    }
    return final;
  }

  /** Runs one step between its audit rows; the step's detail is what `fn` answers. */
  protected async step(name: string, fn: () => Promise<string>): Promise<void> {
    const ticket = await this.beginStep(name);
    try {
      const detail = await fn();
      await this.endStep(name, 'succeeded', detail, ticket);
    } catch (err) {
      await this.endStep(name, 'failed', (err as Error).message, ticket);
      throw err;
    }
  }

  protected async skip(name: string, detail: string): Promise<void> {
    const s = this.r.steps.find((x) => x.name === name);
    if (s) Object.assign(s, { status: 'skipped', detail });
    await this.update({});
  }

  /** Marks the step running and writes its audit row first (a step is never without one). */
  protected async beginStep(name: string, detail?: string): Promise<{ complete(ok: boolean, detail: string): Promise<void> }> {
    const row = await this.deps.audit.begin({ actor: this.actor.user, role: this.actor.role, action: `rollback.step`, target: `${this.r.id} ${name}`, reason: this.r.reason, details: { rollback: this.r.id, step: name } });
    const s = this.r.steps.find((x) => x.name === name);
    if (s) Object.assign(s, { status: 'running', startedAt: Date.now(), detail: detail ?? null });
    await this.update({});
    return {
      complete: async (ok, d) => {
        await this.deps.audit.complete(row.id, ok ? 'succeeded' : 'failed', ok ? d : `error: ${d}`).catch(() => undefined);
      },
    };
  }

  protected async endStep(name: string, status: 'succeeded' | 'failed', detail: string | undefined, ticket?: { complete(ok: boolean, detail: string): Promise<void> }): Promise<void> {
    const s = this.r.steps.find((x) => x.name === name);
    if (s) Object.assign(s, { status, finishedAt: Date.now(), ...(detail !== undefined && { detail }) });
    await ticket?.complete(status === 'succeeded', detail ?? s?.detail ?? 'ok');
    await this.update({});
  }

  protected async finish(patch: Partial<Rollback>): Promise<Rollback> {
    const finishedAt = Date.now();
    return this.update({ ...patch, finishedAt, durationMs: finishedAt - this.r.startedAt });
  }

  protected async update(patch: Partial<Rollback>): Promise<Rollback> {
    Object.assign(this.r, patch);
    const done = this.r.steps.filter((s) => s.status !== 'pending' && s.status !== 'running').length;
    this.r.progress = this.r.steps.length ? done / this.r.steps.length : 1;
    // A lost save only makes the poll lag; the run goes on (and the next save carries everything).
    await this.deps.registry.saveRollback(structuredClone(this.r)).catch((err: unknown) => this.deps.logger.warn({ err, rollback: this.r.id }, 'rollback state not saved'));
    return this.r;
  }
}
