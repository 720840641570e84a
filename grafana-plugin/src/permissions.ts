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
