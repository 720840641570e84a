// API health from outside (plain k6): the ops API's liveness, readiness and deep health
// (database, Redis) and the platform API's health endpoint, one check each, so a runner that
// has only k6 (no blackbox exporter) covers the health checks too.
//
//   k6 run -o experimental-prometheus-rw -e OPS_API_URL=https://ops.example.com \
//     -e STOREFRONT_URL=https://shop.example.com -e LOCATION=eu-west-1 k6/api-health.js
import http from 'k6/http';
import { check, group } from 'k6';

const OPS = __ENV.OPS_API_URL || 'http://localhost:4000';
const STOREFRONT = __ENV.STOREFRONT_URL || 'http://localhost:4100';
const LOCATION = __ENV.LOCATION || 'unknown';

export const options = {
  vus: 1,
  iterations: 1,
  tags: { synthetic: 'api-health', location: LOCATION },
  thresholds: { checks: ['rate==1'], http_req_duration: ['p(95)<1000'] },
};

const targets = [
  { check: 'ops-api: live', url: `${OPS}/healthz` },
  { check: 'ops-api: ready', url: `${OPS}/readyz` },
  { check: 'ops-api: database', url: `${OPS}/readyz/db` },
  { check: 'ops-api: redis', url: `${OPS}/readyz/redis` },
  { check: 'platform-api: health', url: `${STOREFRONT}/api/health` },
];

export default function () {
  group('health', function () {
    for (const t of targets) {
      const res = http.get(t.url, { headers: { 'x-trafi-synthetic': 'api-health' }, tags: { name: t.check }, timeout: '5s' });
      check(res, { [t.check]: (r) => r.status === 200 });
    }
  });
}
