// A child process whose output tail goes into failure messages, and that stops gracefully.
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './wait.ts';

export class Proc {
  out = '';
  readonly exited: Promise<void>;
  constructor(readonly name: string, readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.out = (this.out + d).slice(-8000)));
    child.stderr?.on('data', (d) => (this.out = (this.out + d).slice(-8000)));
    this.exited = new Promise((r) => child.once('exit', () => r()));
  }

  /** Spawns `bin`; when it is not installed, fails with `install` (how to get it). */
  static async spawn(name: string, bin: string, args: string[], install: string): Promise<Proc> {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ok, fail) => {
      child.once('error', (err) => fail(new Error(`${bin} could not start (${err.message}): ${install}`)));
      child.once('spawn', () => ok());
    });
    return new Proc(name, child);
  }

  /** Resolves once `url` answers 2xx; fails with the output if the process exits first. */
  async ready(url: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(`${this.name} at ${url}`, async () => {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited`);
      return (await fetch(url).catch(() => undefined))?.ok;
    }, timeoutMs, 100).catch(async (err) => {
      await this.stop();
      throw new Error(`${(err as Error).message}\n${this.name} output:\n${this.out}`);
    });
  }

  /** SIGTERM, SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
