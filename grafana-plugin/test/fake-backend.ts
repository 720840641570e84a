// Component tests: a stand-in for Grafana's backendSrv that answers plugin-proxy and
// datasource-proxy calls from per-test handlers and records every request.
// (End-to-end tests use the real ops API instead: test/e2e.)
import { setBackendSrv, setCurrentUser, type BackendSrv, type BackendSrvRequest } from '@grafana/runtime';
import type { CurrentUser } from '@grafana/data';
import { Observable } from 'rxjs';
import { PERMISSIONS } from '../src/constants';

export interface FakeAnswer {
  status?: number;
  data: unknown;
}
type Handler = (req: BackendSrvRequest, match: RegExpMatchArray) => FakeAnswer | Promise<FakeAnswer>;

const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
export const calls: BackendSrvRequest[] = [];

/** Answer `method` requests whose URL (after the proxy prefix) matches `pattern`. */
export function on(method: 'GET' | 'POST', pattern: RegExp, handler: Handler | FakeAnswer): void {
  routes.unshift({ method, pattern, handler: typeof handler === 'function' ? handler : () => handler });
}

export function resetBackend(): void {
  routes.length = 0;
  calls.length = 0;
}

/** The URL a request was made to, without Grafana's proxy prefix: "/dlq", "/runs/q/1", "prom:/query". */
export function pathOf(req: BackendSrvRequest): string {
  return req.url.replace(/^api\/plugin-proxy\/trafi-ops-app\/ops\/api\/v1/, '').replace(/^api\/datasources\/proxy\/uid\/[^/]+\/api\/v1/, 'prom:');
}

setBackendSrv({
  fetch: (req: BackendSrvRequest) =>
    new Observable((sub) => {
      calls.push(req);
      const path = pathOf(req);
      const method = req.method ?? 'GET';
      const route = routes.find((r) => r.method === method && r.pattern.test(path));
      if (!route) {
        sub.error({ status: 404, statusText: 'Not Found', data: { error: { code: 'not_found', message: `no fake for ${method} ${path}` } } });
        return;
      }
      // A handler that throws fails the request loudly instead of leaving it pending forever.
      Promise.resolve()
        .then(() => route.handler(req, path.match(route.pattern)!))
        .catch((err: Error) => ({ status: 599, data: { error: { code: 'fake_handler_threw', message: err.message } } }))
        .then((a) => {
          const status = a.status ?? 200;
          if (status >= 400) sub.error({ status, statusText: String(status), data: a.data });
          else {
            sub.next({ status, ok: true, data: a.data, headers: new Headers(), redirected: false, statusText: 'OK', type: 'basic', url: req.url, config: req });
            sub.complete();
          }
        });
    }),
} as unknown as BackendSrv);

/** The signed-in user; tests flip `operator` to check what viewers and operators see. */
export const user = { id: 1, login: 'ops-test', isSignedIn: true, orgRole: 'Editor', permissions: {} as Record<string, boolean> } as unknown as CurrentUser & { permissions: Record<string, boolean> };
setCurrentUser(user);
export function setOperator(yes: boolean): void {
  user.permissions = yes ? { [PERMISSIONS.read]: true, [PERMISSIONS.write]: true } : { [PERMISSIONS.read]: true };
}
