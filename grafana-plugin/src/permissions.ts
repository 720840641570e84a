import { hasPermission } from '@grafana/runtime';
import { PERMISSIONS } from './constants';

/** Operators (Editor+ by default, see plugin.json roles) may replay, retry and delete. */
export function canOperate(): boolean {
  try {
    return hasPermission(PERMISSIONS.write);
  } catch {
    return false; // no signed-in user (Grafana not started): read-only
  }
}

/** Why an action is unavailable to a viewer (shown beside the disabled control). */
export const OPERATOR_ONLY = 'Needs the operator role (ops:write)';
