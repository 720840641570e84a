// Synthetic checkout funnel (plain k6, no imports beyond k6's own modules): browse, add to cart
// and check out on the synthetic test store of the storefront, one check per step, then clean
// up the cart and the order. Every request carries the x-trafi-synthetic header, so the
// platform keeps it out of merchant metrics and the event-flow verdicts.
//
//   k6 run -o experimental-prometheus-rw \
//     -e STOREFRONT_URL=https://shop.example.com -e LOCATION=eu-west-1 k6/checkout-funnel.js
import http from 'k6/http';
import { check, group, sleep } from 'k6';
import { Counter } from 'k6/metrics';

const BASE = __ENV.STOREFRONT_URL || 'http://localhost:4100';
const STORE = __ENV.SYNTHETIC_STORE || 'synthetic-store-1';
const LOCATION = __ENV.LOCATION || 'unknown';
const THINK_SECONDS = Number(__ENV.THINK_SECONDS || '1');

// The checkout-synthetic SLO (alert-rules/slos) counts these: k6_trafi_checkout_runs_total, …_failures_total.
const runs = new Counter('trafi_checkout_runs');
const failures = new Counter('trafi_checkout_failures');

export const options = {
  vus: 1,
  iterations: 1,
  // `synthetic` names the check (a k6 `check` tag names each step's check), `location` the runner.
  tags: { synthetic: 'checkout-funnel', location: LOCATION },
  thresholds: {
    checks: ['rate==1'],
    http_req_failed: ['rate==0'],
    http_req_duration: ['p(95)<2000'],
  },
};

/** @param {string} name */
function params(name) {
  return { headers: { 'content-type': 'application/json', 'x-trafi-synthetic': 'checkout-funnel' }, tags: { name: name } };
}

export default function () {
  runs.add(1);
  let ok = true;
  /** @type {string | undefined} */
  let cartId;
  /** @type {string | undefined} */
  let orderId;
  /** @type {string | undefined} */
  let sku;

  group('browse', function () {
    const res = http.get(`${BASE}/api/stores/${STORE}/products`, params('products'));
    const first = res.status === 200 ? res.json('items.0.sku') : undefined;
    sku = typeof first === 'string' ? first : undefined;
    ok = check(res, { 'browse: products listed': () => sku !== undefined }) && ok;
  });
  sleep(THINK_SECONDS);

  if (ok) group('add to cart', function () {
    const created = http.post(`${BASE}/api/stores/${STORE}/carts`, '{}', params('carts'));
    const id = created.status === 201 ? created.json('cartId') : undefined;
    cartId = typeof id === 'string' ? id : undefined;
    const added = cartId ? http.post(`${BASE}/api/stores/${STORE}/carts/${cartId}/items`, JSON.stringify({ sku: sku, quantity: 1 }), params('cart items')) : undefined;
    ok = check(added, { 'add to cart: item in cart': (r) => r !== undefined && r.status === 200 && r.json('items.0.quantity') === 1 }) && ok;
  });
  sleep(THINK_SECONDS);

  if (ok) group('checkout', function () {
    const res = http.post(`${BASE}/api/stores/${STORE}/carts/${cartId}/checkout`, '{}', params('checkout'));
    const id = res.status === 201 ? res.json('orderId') : undefined;
    orderId = typeof id === 'string' ? id : undefined;
    ok = check(res, { 'checkout: order placed': (r) => orderId !== undefined && r.json('synthetic') === true }) && ok;
  });

  // Cleanup whatever this run created, even after a failed step: no synthetic cart or order stays.
  group('cleanup', function () {
    if (orderId) check(http.del(`${BASE}/api/stores/${STORE}/orders/${orderId}`, null, params('order')), { 'cleanup: order removed': (r) => r.status === 204 });
    if (cartId && !orderId) check(http.del(`${BASE}/api/stores/${STORE}/carts/${cartId}`, null, params('cart')), { 'cleanup: cart removed': (r) => r.status === 204 });
  });

  if (!ok) failures.add(1);
}
