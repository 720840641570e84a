// Story 11.12: per component a timeline of releases (the live one marked), a scope and a target,
// the preflight (forward-only migrations in red, refusals), the confirmation with a reason, the
// rollback's live steps, progress and verification figures, and the history. Viewers see it
// all; only operators run a preflight's rollback.
import { css, cx } from '@emotion/css';
import { Button, Checkbox } from '@grafana/ui';
import { COMPONENTS, ScopeSchema, componentsOf, type Preflight, type Release, type Rollback, type Scope } from '@trafi-ops/contracts';
import { useState } from 'react';
import { opsApi } from '../../api/ops-api';
import { canOperate } from '../../permissions';
import { useDisabledReason } from '../../ui/DisabledReason';
import { ErrorState, Loading, describeError } from '../../ui/Feedback';
import { Panel } from '../../ui/Panel';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { formatCount } from '../../ui/formatCount';
import { formatDuration } from '../../ui/formatDuration';
import { usePoll } from '../../ui/hooks/usePoll';
import { CAPS, COLORS, FONT_SIZE, MONO } from '../../theme/theme';
import { loadTimeline, targetsFor, type Timeline } from './rollbackApi';

export interface RollbackPageProps {
  load?: () => Promise<Timeline>;
  intervalMs?: number;
}

export function RollbackPage({ load = loadTimeline, intervalMs = 5000 }: RollbackPageProps) {
  const timeline = usePoll(load, intervalMs, []);
  const [scope, setScope] = useState<Scope>('api');
  const [target, setTarget] = useState<string>('');
  const [checked, setChecked] = useState<{ preflight: Preflight; scope: Scope; target: string }>();
  const [ack, setAck] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  const [watching, setWatching] = useState<string>();
  const operator = canOperate();
  // The preflight is a dry-run POST: like the rollback, an operator's (Grafana's proxy stops a viewer's POSTs).
  const disabled = useDisabledReason(operator ? undefined : 'Preflight and rollback need the operator role (Editor).');
  // A finished rollback changes no more: polling it stops (it went on every second while the page stayed open).
  const [finished, setFinished] = useState(false);
  const watch = (id: string) => (setFinished(false), setWatching(id));
  const follow = async () => {
    if (!watching) return undefined;
    const rollback = await opsApi.rollback(watching);
    setFinished(FINISHED.includes(rollback.status));
    return rollback;
  };
  const current = usePoll(follow, watching && !finished ? 1000 : 0, [watching]);

  const data = timeline.data;
  const targets = data ? targetsFor(data, scope) : [];
  const runPreflight = async () => {
    setError(undefined);
    setChecked(undefined);
    setAck(false);
    try {
      const answer = await opsApi.startRollback({ scope, targetVersion: target, reason: 'preflight from the Rollback page', dryRun: true });
      if ('preflight' in answer) setChecked({ preflight: answer.preflight, scope, target });
    } catch (err) {
      setError(describeError(err as Error));
    }
  };
  const start = async (reason: string) => {
    // The names the operator saw acknowledged, not `true` (all): a migration recorded since the preflight is refused, not waved through.
    const acknowledgeMigrations = ack && checked ? checked.preflight.forwardOnly.map((m) => m.name) : undefined;
    const answer = await opsApi.startRollback({ scope, targetVersion: target, reason, acknowledgeMigrations });
    if ('rollback' in answer) {
      watch(answer.rollback.id);
      setChecked(undefined);
      setConfirming(false);
      timeline.reload();
    }
  };

  return (
    <div className={styles.page}>
      <Panel title="Releases" testId="rollback-timeline">
        {timeline.error && <ErrorState error={timeline.error} onRetry={timeline.reload} />}
        {!data && !timeline.error && <Loading what="releases" />}
        {data && (
          <div className={styles.timelines}>
            {COMPONENTS.map((c) => (
              <div key={c} className={styles.timeline} data-testid={`timeline-${c}`}>
                <span className={styles.component}>
                  {c}
                  {data.live.find((l) => l.component === c)?.paused && <span className={styles.paused} title={data.live.find((l) => l.component === c)?.pausedReason ?? ''}>deploys paused</span>}
                </span>
                <ol className={styles.versions}>
                  {data.releases.filter((r) => r.components[c]).map((r) => (
                    <li key={r.id} className={cx(styles.version, r.live.includes(c) && styles.live)} title={`#${r.id} · ${r.commit} · ${new Date(r.createdAt).toISOString()} · ${r.actor}`}>
                      {r.version}
                      {r.rollbackId && <span className={styles.tag}>rollback</span>}
                      {r.live.includes(c) && <span className={styles.liveTag}>live</span>}
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </div>
        )}
      </Panel>

      <Panel title="Roll back" testId="rollback-form">
        <div className={styles.form}>
          <div className={styles.scopes} role="radiogroup" aria-label="Scope">
            {ScopeSchema.options.map((s) => (
              <button key={s} role="radio" aria-checked={scope === s} className={cx(styles.scope, scope === s && styles.scopeOn)} onClick={() => (setScope(s), setTarget(''), setChecked(undefined))}>
                {s}
              </button>
            ))}
          </div>
          <select aria-label="Target version" className={styles.select} value={target} onChange={(e) => (setTarget(e.target.value), setChecked(undefined))}>
            <option value="">target version…</option>
            {targets.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
          <Button variant="secondary" {...disabled.describedBy} disabled={!target || !operator} onClick={() => void runPreflight()}>
            Preflight
          </Button>
          {!checked && disabled.note}
        </div>
        {error && <p className={styles.error} data-testid="rollback-error">{error}</p>}
        {checked && (
          <div className={styles.preflight} data-testid="preflight">
            <table className={styles.table}>
              <thead>
                <tr><th>component</th><th>from</th><th>to</th><th>artifact</th></tr>
              </thead>
              <tbody>
                {checked.preflight.plan.map((p) => (
                  <tr key={p.component}><td>{p.component}</td><td>{p.from ?? '—'}</td><td>{p.to}</td><td className={styles.mono}>{p.artifact.image ?? p.artifact.directory}</td></tr>
                ))}
              </tbody>
            </table>
            {checked.preflight.forwardOnly.length > 0 && (
              <div className={styles.warning} data-testid="forward-only">
                <strong>Forward-only migrations.</strong> Applied after {checked.target} and staying: the older code must tolerate{' '}
                {checked.preflight.forwardOnly.map((m) => m.name).join(', ')}.
                <Checkbox label="I acknowledge the schema stays as it is" value={ack} onChange={(e) => setAck(e.currentTarget.checked)} />
              </div>
            )}
            {checked.preflight.refusals.map((r) => (
              <p key={`${r.code}:${r.field}:${r.message}`} className={styles.error} data-testid="refusal">{r.message}</p>
            ))}
            <div className={styles.form}>
              <Button
                variant="destructive"
                {...disabled.describedBy}
                disabled={!operator || checked.preflight.refusals.length > 0 || (checked.preflight.needsAcknowledgement && !ack)}
                onClick={() => setConfirming(true)}
              >
                Roll back {checked.scope} to {checked.target}
              </Button>
              {disabled.note}
            </div>
          </div>
        )}
      </Panel>

      {watching && current.error && <ErrorState error={current.error} onRetry={current.reload} />}
      {watching && current.data && <RollbackProgress rollback={current.data} />}

      <Panel title="History" testId="rollback-history">
        {data && data.rollbacks.length === 0 && <p className={styles.muted}>No rollback yet.</p>}
        {data && data.rollbacks.length > 0 && (
          <table className={styles.table}>
            <thead>
              <tr><th>started</th><th>scope</th><th>from</th><th>to</th><th>status</th><th>request → verified</th><th>by</th><th>reason</th></tr>
            </thead>
            <tbody>
              {data.rollbacks.map((r) => (
                <tr key={r.id} onClick={() => watch(r.id)} className={styles.clickable}>
                  <td className={styles.mono}>{new Date(r.startedAt).toISOString().slice(0, 19).replace('T', ' ')}</td>
                  <td>{r.scope}</td>
                  <td className={styles.mono}>{Object.entries(r.fromVersions).map(([c, v]) => `${c} ${v ?? '—'}`).join(', ')}</td>
                  <td className={styles.mono}>{r.targetVersion}</td>
                  <td><Status status={r.status} /></td>
                  <td className={styles.mono}>{r.durationMs === null ? '…' : formatDuration(r.durationMs)}</td>
                  <td>{r.actor}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      {confirming && checked && (
        <ReasonDialog
          title={`Roll back ${checked.scope} to ${checked.target}`}
          description={`Moves ${componentsOf(checked.scope).join(', ')} to ${checked.target} without downtime, verifies it against Prometheus and aborts back on failure. Automatic deploys of the scope stay paused until resumed.`}
          confirmText="Roll back"
          destructive
          onConfirm={start}
          onDismiss={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

function RollbackProgress({ rollback: r }: { rollback: Rollback }) {
  const v = r.verification;
  return (
    <Panel title={`Rollback ${r.scope} → ${r.targetVersion}`} actions={<Status status={r.status} />} testId="rollback-progress">
      <div className={styles.bar} aria-label="progress"><div className={styles.fill} style={{ width: `${Math.round(r.progress * 100)}%` }} /></div>
      <ol className={styles.steps}>
        {r.steps.map((s) => (
          <li key={s.name} className={styles.step} data-status={s.status}>
            <span className={cx(styles.dot, styles[`s_${s.status}` as 's_pending'])} />
            <span className={styles.mono}>{s.name}</span>
            <span className={styles.muted}>{s.startedAt && s.finishedAt ? formatDuration(s.finishedAt - s.startedAt) : ''}</span>
            <span className={styles.detail}>{s.detail}</span>
          </li>
        ))}
      </ol>
      {v && (
        <div data-testid="verification">
          <p className={styles.muted}>
            Verification {v.status}: {v.condition}; every {v.intervalMs / 1000} s × {v.count}, failure limit {v.failureLimit}, inconclusive limit {v.inconclusiveLimit}
            {r.durationMs !== null && ` · request → ${r.status === 'succeeded' ? 'verified' : r.status} in ${formatDuration(r.durationMs)}`}
          </p>
          <table className={styles.table}>
            <thead>
              <tr><th>measured</th><th>error ratio</th><th>p95</th><th>requests</th><th>result</th></tr>
            </thead>
            <tbody>
              {v.measurements.map((m) => (
                <tr key={m.at}>
                  <td className={styles.mono}>{new Date(m.at).toISOString().slice(11, 19)}</td>
                  <td className={styles.mono}>{m.errorRatio === null ? (m.requests === null ? 'no answer' : 'no traffic') : `${(m.errorRatio * 100).toFixed(2)} %`}</td>
                  <td className={styles.mono}>{m.p95Seconds === null ? '—' : `${Math.round(m.p95Seconds * 1000)} ms`}</td>
                  <td className={styles.mono}>{m.requests === null ? '—' : formatCount(m.requests)}</td>
                  <td className={m.ok ? styles.ok : styles.bad}>{m.ok ? 'pass' : m.inconclusive ? 'inconclusive' : 'fail'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {r.error && <p className={styles.error}>{r.error}</p>}
    </Panel>
  );
}

const FINISHED: Rollback['status'][] = ['succeeded', 'aborted', 'failed'];

function Status({ status }: { status: Rollback['status'] }) {
  const color = status === 'succeeded' ? COLORS.success : status === 'running' || status === 'verifying' ? COLORS.active : COLORS.error;
  return <span className={styles.status} style={{ color, borderColor: color }} data-testid="rollback-status">{status}</span>;
}

export type { Release };

const styles = {
  page: css`display: grid; gap: 16px;`,
  timelines: css`display: grid; gap: 8px;`,
  timeline: css`display: grid; grid-template-columns: 160px 1fr; align-items: center; gap: 8px;`,
  component: css`${CAPS}; display: flex; flex-direction: column; gap: 2px;`,
  paused: css`color: ${COLORS.warning}; font-family: ${MONO}; text-transform: none; letter-spacing: 0;`,
  versions: css`display: flex; flex-direction: row-reverse; justify-content: flex-end; gap: 0; list-style: none; margin: 0; padding: 0; overflow-x: auto;`,
  version: css`font-family: ${MONO}; font-size: ${FONT_SIZE.body}; border: 1px solid ${COLORS.border}; padding: 4px 10px; margin-left: -1px; white-space: nowrap; display: flex; gap: 6px; align-items: center;`,
  live: css`border-color: ${COLORS.success}; color: ${COLORS.success}; position: relative; z-index: 1;`,
  liveTag: css`${CAPS}; color: ${COLORS.black}; background: ${COLORS.success}; padding: 0 4px;`,
  tag: css`${CAPS}; color: ${COLORS.muted}; border: 1px solid ${COLORS.border}; padding: 0 4px;`,
  form: css`display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0;`,
  scopes: css`display: flex;`,
  scope: css`font-family: ${MONO}; background: ${COLORS.black}; color: ${COLORS.text}; border: 1px solid ${COLORS.border}; margin-left: -1px; padding: 6px 12px; cursor: pointer; border-radius: 0;`,
  scopeOn: css`background: ${COLORS.acid}; color: ${COLORS.black}; border-color: ${COLORS.acid};`,
  select: css`font-family: ${MONO}; background: ${COLORS.black}; color: ${COLORS.text}; border: 1px solid ${COLORS.border}; padding: 6px; border-radius: 0;`,
  preflight: css`border-top: 1px solid ${COLORS.border}; padding-top: 8px;`,
  warning: css`color: ${COLORS.error}; border: 1px solid ${COLORS.error}; padding: 8px; margin: 8px 0; display: grid; gap: 6px;`,
  error: css`color: ${COLORS.error}; font-family: ${MONO};`,
  muted: css`color: ${COLORS.muted};`,
  mono: css`font-family: ${MONO};`,
  table: css`width: 100%; border-collapse: collapse; font-size: ${FONT_SIZE.body}; th { ${CAPS}; text-align: left; border-bottom: 1px solid ${COLORS.border}; padding: 4px 8px; } td { border-bottom: 1px solid ${COLORS.border}; padding: 4px 8px; }`,
  clickable: css`cursor: pointer; &:hover { background: ${COLORS.ink1}; }`,
  bar: css`height: 6px; border: 1px solid ${COLORS.border}; margin-bottom: 8px;`,
  fill: css`height: 100%; background: ${COLORS.acid};`,
  steps: css`list-style: none; margin: 0 0 8px; padding: 0; display: grid; gap: 2px;`,
  step: css`display: grid; grid-template-columns: 12px 200px 70px 1fr; gap: 8px; align-items: center;`,
  detail: css`color: ${COLORS.muted}; font-family: ${MONO}; font-size: ${FONT_SIZE.label}; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;`,
  dot: css`width: 8px; height: 8px; border: 1px solid ${COLORS.border};`,
  s_pending: css`background: transparent;`,
  s_running: css`background: ${COLORS.active};`,
  s_succeeded: css`background: ${COLORS.success};`,
  s_failed: css`background: ${COLORS.error};`,
  s_skipped: css`background: ${COLORS.waiting};`,
  ok: css`color: ${COLORS.success}; font-family: ${MONO};`,
  bad: css`color: ${COLORS.error}; font-family: ${MONO};`,
  status: css`font-family: ${MONO}; border: 1px solid; padding: 0 6px; text-transform: uppercase; font-size: ${FONT_SIZE.label};`,
};
