// A driver puts a component's artifact live where the platform runs (haproxy + local processes,
// Kubernetes). The rollback service only sees this class: `rollout` is the fixed sequence
// (start the new instances, wait until ready, switch traffic, retire the old ones), and each
// step is a `protected` method a driver implements or overrides.
import type { Artifact, Component } from '@trafi-ops/contracts';

/** What a driver tells about a running step, for the rollback's tracked steps. */
export type StepReporter = (name: string, detail?: string) => void;

export interface InstanceReadiness {
  instance: string;
  ready: boolean;
}

export interface Target {
  component: Component;
  version: string;
  artifact: Artifact;
}

export abstract class DeploymentDriver<Instance = unknown> {
  abstract readonly name: string;
  /** Whether this driver's instances end with this process (local children), so a start must put the live releases back. */
  protected readonly instancesEndWithProcess: boolean = false;
  /** Settles once resume() is done: rollouts wait for it, so they never race the restart. */
  private resumed: Promise<void> = Promise.resolve();

  /** Whether the artifact can be deployed here (the release directory exists, the image is a digest...). */
  abstract artifactPresent(component: Component, artifact: Artifact): Promise<boolean>;

  /** Puts `target` live for its component, without downtime. */
  async rollout(target: Target, report: StepReporter): Promise<void> {
    await this.resumed;
    await this.rolloutNow(target, report);
  }

  /** At start: puts the live releases back, in the background, where the instances ended with the last process. */
  resume(live: Target[], onError: (target: Target, err: Error) => void): Promise<void> {
    if (!this.instancesEndWithProcess) return this.resumed;
    this.resumed = (async () => {
      for (const t of live) await this.rolloutNow(t, () => undefined).catch((err: Error) => onError(t, err));
    })();
    return this.resumed;
  }

  /** Settles when the live releases resume() started are up (at once for drivers that need none). */
  whenResumed(): Promise<void> {
    return this.resumed;
  }

  private async rolloutNow(target: Target, report: StepReporter): Promise<void> {
    report('start', `${target.component} ${target.version}`);
    const fresh = await this.startInstances(target);
    report('ready', `${target.component}: waiting for ${this.describe(fresh)}`);
    await this.waitReady(target, fresh);
    report('switch', `${target.component}: traffic to ${target.version}`);
    const old = await this.switchTraffic(target, fresh);
    report('retire', `${target.component}: draining and stopping the previous instances`);
    await this.retire(target, old);
  }

  /** Readiness of every instance now serving `component` (verification, first gate). */
  abstract readiness(component: Component): Promise<InstanceReadiness[]>;

  /** Stops whatever the driver started (tests, shutdown). */
  async close(): Promise<void> {}

  /** Starts the target's instances next to the live ones. */
  protected abstract startInstances(target: Target): Promise<Instance[]>;
  /** Resolves once every new instance is ready; throws when one is not within the driver's timeout. */
  protected abstract waitReady(target: Target, fresh: Instance[]): Promise<void>;
  /** Sends traffic to the new instances; returns the previous ones. */
  protected abstract switchTraffic(target: Target, fresh: Instance[]): Promise<Instance[]>;
  /** Drains and stops the previous instances gracefully. */
  protected abstract retire(target: Target, old: Instance[]): Promise<void>;
  protected describe(instances: Instance[]): string {
    return `${instances.length} instance(s)`;
  }
}
