// When an SLO needs a look, in one place (the page's colours and its legend read these).
import { SLO_WINDOWS, type SloWindow } from '@trafi-ops/contracts';
import type { Status } from '../../theme/theme';
import { thresholdStatus } from '../../ui/thresholds';

export const SLO_THRESHOLDS = {
  /** Share of the 30-day budget left: below `warn` yellow, below `bad` red. */
  budgetLeft: { warn: 0.5, bad: 0.1 },
  /** Burn rate: 1× spends the budget in exactly the SLO window; the page-fast alert fires at 14.4×. */
  burn: { warn: 1, bad: 6 },
} as const;

/** The burn-rate windows shown as columns (the alerts' long and short windows). */
export const SLO_WINDOWS_SHOWN: SloWindow[] = SLO_WINDOWS.filter((w) => w !== '30d');

export function budgetStatus(remaining: number | undefined): Status {
  if (remaining === undefined || !Number.isFinite(remaining)) return 'unknown';
  return remaining < SLO_THRESHOLDS.budgetLeft.bad ? 'bad' : remaining < SLO_THRESHOLDS.budgetLeft.warn ? 'warn' : 'ok';
}

export function burnStatus(rate: number | undefined): Status {
  return thresholdStatus(rate, SLO_THRESHOLDS.burn);
}
