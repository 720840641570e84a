// Bounds the audit rows denied attempts may write, so a flood of 403s cannot fill the store:
// in each one-minute window at most `perActor` rows per actor and `perMinute` rows overall (the
// actor behind Grafana is free text, so per-actor alone would not bound anything). An attempt
// over the limit writes no row; it is counted on the row that stands for it (the actor's last
// of the window, else the window's last), which the audit log updates now and then.
// In memory per process: N instances write at most N times the limit, still a bound.

/** The id of a denied row, once its insert has answered (null if it failed). */
export type RowId = Promise<string | null>;

export type Admission = { write: true } | { write: false; countOn: RowId | undefined };

export class DeniedLimiter {
  protected window = -1;
  protected written = 0;
  protected byActor = new Map<string, { rows: number; last?: RowId }>();
  protected lastRow: RowId | undefined;
  /** Attempts not written, by the row that counts them, until the audit log takes them. */
  protected uncounted = new Map<RowId, number>();

  constructor(
    protected readonly perActor: number,
    protected readonly perMinute: number,
  ) {}

  /** Whether this attempt gets a row; if it does, `wrote` must follow with the row's id. */
  admit(actor: string, now: number): Admission {
    const window = Math.floor(now / 60_000);
    if (window !== this.window) {
      this.window = window;
      this.written = 0;
      this.byActor.clear();
      this.lastRow = undefined;
    }
    const mine = this.byActor.get(actor);
    if ((mine?.rows ?? 0) < this.perActor && this.written < this.perMinute) {
      this.written++;
      this.byActor.set(actor, { rows: (mine?.rows ?? 0) + 1, ...(mine?.last && { last: mine.last }) });
      return { write: true };
    }
    const countOn = mine?.last ?? this.lastRow;
    if (countOn) this.uncounted.set(countOn, (this.uncounted.get(countOn) ?? 0) + 1);
    return { write: false, countOn };
  }

  wrote(actor: string, row: RowId): void {
    const mine = this.byActor.get(actor);
    if (mine) mine.last = row;
    this.lastRow = row;
  }

  /** The counts gathered since the last call, by row. */
  take(): Map<RowId, number> {
    const taken = this.uncounted;
    this.uncounted = new Map();
    return taken;
  }
}
