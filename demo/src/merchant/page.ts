// The merchant admin page of the demo storefront: orders, settings, and the owner's support
// consent (pending requests to approve, shorten or deny; grants with their access log; revoke;
// grant first). Opened by a support session it is the read-only merchant view: a permanent
// "support mode — read-only — expires in mm:ss" banner and every mutation control disabled (the
// server refuses them anyway: the page only says so first).
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function merchantPage(tenant: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(tenant)} — merchant admin</title>
<style>
  * { border-radius: 0 !important; box-shadow: none !important; box-sizing: border-box; }
  body { margin: 0; background: #000; color: #fff; font: 14px/1.45 system-ui, sans-serif; }
  .mono, table, code { font-family: 'JetBrains Mono', ui-monospace, monospace; }
  header { border-bottom: 1px solid #333; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; }
  #support-banner { display: none; background: #CCFF00; color: #000; font: 700 15px 'JetBrains Mono', monospace; padding: 10px 24px; position: sticky; top: 0; z-index: 10; letter-spacing: .02em; }
  body.support #support-banner { display: block; }
  main { padding: 16px 24px; display: grid; gap: 24px; }
  section { border: 1px solid #333; padding: 12px 16px; }
  h1 { font-size: 18px; margin: 0; } h2 { font-size: 15px; margin: 0 0 8px; text-transform: uppercase; letter-spacing: .05em; }
  table { border-collapse: collapse; width: 100%; font-size: 13px; }
  td, th { border: 1px solid #333; padding: 4px 8px; text-align: left; }
  button { background: #CCFF00; color: #000; border: 1px solid #CCFF00; font: 600 13px system-ui; padding: 4px 10px; cursor: pointer; }
  button.danger { background: #FF3366; border-color: #FF3366; color: #000; }
  button:disabled { background: #222; border-color: #333; color: #777; cursor: not-allowed; }
  input, select { background: #000; color: #fff; border: 1px solid #333; padding: 4px 6px; font: 13px 'JetBrains Mono', monospace; }
  .muted { color: #999; } .ok { color: #00FF94; } .err { color: #FF3366; }
  .state { font-family: 'JetBrains Mono', monospace; text-transform: uppercase; }
</style></head>
<body data-tenant="${escape(tenant)}">
<div id="support-banner" role="status" aria-live="polite">support mode — read-only — expires in <span id="support-countdown">--:--</span></div>
<header><h1>${escape(tenant)} · merchant admin</h1><span id="who" class="muted mono"></span></header>
<main>
  <section><h2>Orders</h2><table><thead><tr><th>order</th><th>customer</th><th>total</th><th>status</th><th></th></tr></thead><tbody id="orders"></tbody></table></section>
  <section><h2>Settings</h2><table><tbody id="settings"></tbody></table>
    <p><label>store name <input data-mutation id="store-name"></label> <button data-mutation id="save-settings">Save settings</button> <button data-mutation class="danger" id="rotate-key">Rotate API key</button></p></section>
  <section id="consent"><h2>Support access</h2>
    <div id="notices" class="muted mono"></div>
    <h3>Requests waiting for you</h3><table><thead><tr><th>case</th><th>reason</th><th>asked by</th><th>minutes</th><th></th></tr></thead><tbody id="pending"></tbody></table>
    <h3>Grant access first</h3>
    <p><label>case <input id="grant-case" value="T-1"></label> <label>minutes <input id="grant-minutes" type="number" value="60" min="1"></label>
      <label>reason <input id="grant-reason" value="please look at my checkout"></label> <button data-mutation id="grant-first">Grant access</button></p>
    <h3>Grants</h3><table><thead><tr><th>case</th><th>state</th><th>operator</th><th>until</th><th></th></tr></thead><tbody id="grants"></tbody></table>
    <h3>What support accessed</h3><table><thead><tr><th>time</th><th>operator</th><th>method</th><th>route</th><th>status</th><th>outcome</th></tr></thead><tbody id="access"></tbody></table>
  </section>
  <p id="message" class="mono"></p>
</main>
<script>
const tenant = document.body.dataset.tenant;
const api = (p) => '/merchant/' + tenant + '/api' + p;
const $ = (id) => document.getElementById(id);
const text = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
let support = null;
async function call(method, path, body) {
  const res = await fetch(api(path), { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const json = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) { $('message').className = 'mono err'; $('message').textContent = res.status + ' ' + (json.error ? json.error.code + ': ' + json.error.message : ''); throw new Error(res.status); }
  return json;
}
function countdown() {
  const left = Math.max(0, support.expiresAt - Date.now());
  const m = Math.floor(left / 60000), s = Math.floor(left / 1000) % 60;
  $('support-countdown').textContent = String(m).padStart(2, '0') + ':' + String(s).padStart(2, '0');
  if (left === 0) location.reload();
}
function lockMutations() { for (const b of document.querySelectorAll('[data-mutation]')) { b.disabled = true; b.title = 'support mode is read-only'; } }
async function loadOrders() {
  const { items } = await call('GET', '/orders');
  $('orders').innerHTML = items.map((o) => '<tr><td>' + text(o.id) + '</td><td>' + text(o.customer) + '</td><td>' + (o.totalCents / 100).toFixed(2) + '</td><td class="state">' + text(o.status) + '</td><td><button data-mutation data-refund="' + text(o.id) + '"' + (o.status !== 'paid' ? ' disabled' : '') + '>Refund</button></td></tr>').join('');
  for (const b of document.querySelectorAll('[data-refund]')) b.onclick = () => call('POST', '/orders/' + b.dataset.refund + '/refund', { reason: 'customer asked' }).then(loadOrders);
  if (support) lockMutations();
}
async function loadSettings() {
  const s = await call('GET', '/settings');
  const rows = [['store', s.storeName], ['currency', s.currency], ['contact', s.contactEmail], ['payment provider', s.payment.provider], ['publishable key', s.payment.publishableKey], ['secret key', s.payment.secretKey], ['api key (' + s.apiKeys[0].name + ')', s.apiKeys[0].apiKey], ['webhook secret', s.webhookSecret]];
  $('settings').innerHTML = rows.map(([k, v]) => '<tr><th>' + text(k) + '</th><td class="mono">' + text(v) + '</td></tr>').join('');
  $('store-name').value = s.storeName;
}
const minutesLeft = (g) => g.expiresAt ? new Date(g.expiresAt).toISOString().slice(11, 19) : '';
async function loadConsent() {
  const [{ items: pending }, { items: grants }, { items: notices }] = await Promise.all([call('GET', '/support/grants?state=pending'), call('GET', '/support/grants'), call('GET', '/support/notices')]);
  $('notices').innerHTML = notices.slice(0, 3).map((n) => '<div>' + text(n.text) + '</div>').join('');
  $('pending').innerHTML = pending.map((g) => '<tr><td>' + text(g.caseId) + '</td><td>' + text(g.reasonCode) + ': ' + text(g.reason) + '</td><td>' + text(g.requestedBy) + '</td><td><input type="number" min="1" max="' + g.durationMinutes + '" value="' + g.durationMinutes + '" data-minutes="' + g.id + '"></td><td><button data-approve="' + g.id + '">Approve</button> <button class="danger" data-deny="' + g.id + '">Deny</button></td></tr>').join('') || '<tr><td colspan="5" class="muted">none</td></tr>';
  $('grants').innerHTML = grants.map((g) => '<tr><td>' + text(g.caseId) + '</td><td class="state">' + text(g.state) + '</td><td>' + text(g.activatedBy ?? '') + '</td><td class="mono">' + minutesLeft(g) + '</td><td><button data-log="' + g.id + '">Access log</button> ' + (['pending', 'approved', 'active'].includes(g.state) ? '<button class="danger" data-revoke="' + g.id + '">Revoke</button>' : '') + '</td></tr>').join('');
  for (const b of document.querySelectorAll('[data-approve]')) b.onclick = () => call('POST', '/support/grants/' + b.dataset.approve + '/approve', { durationMinutes: Number(document.querySelector('[data-minutes="' + b.dataset.approve + '"]').value) }).then(loadConsent);
  for (const b of document.querySelectorAll('[data-deny]')) b.onclick = () => call('POST', '/support/grants/' + b.dataset.deny + '/deny', {}).then(loadConsent);
  for (const b of document.querySelectorAll('[data-revoke]')) b.onclick = () => call('POST', '/support/grants/' + b.dataset.revoke + '/revoke', {}).then(loadConsent);
  for (const b of document.querySelectorAll('[data-log]')) b.onclick = () => loadAccess(b.dataset.log);
}
async function loadAccess(id) {
  const { items } = await call('GET', '/support/grants/' + id + '/access');
  $('access').innerHTML = items.map((a) => '<tr><td class="mono">' + text(a.at.slice(11, 19)) + '</td><td>' + text(a.operator) + '</td><td>' + text(a.method) + '</td><td class="mono">' + text(a.route) + '</td><td>' + a.status + '</td><td class="' + (a.outcome === 'allowed' ? 'ok' : 'err') + '">' + text(a.outcome) + (a.reason ? ' (' + text(a.reason) + ')' : '') + '</td></tr>').join('') || '<tr><td colspan="6" class="muted">no access</td></tr>';
}
$('save-settings').onclick = () => call('PUT', '/settings', { storeName: $('store-name').value }).then(loadSettings);
$('rotate-key').onclick = () => call('POST', '/settings/rotate-key').then(loadSettings);
$('grant-first').onclick = () => call('POST', '/support/grants', { caseId: $('grant-case').value, reasonCode: 'customer_initiated_support', reason: $('grant-reason').value, durationMinutes: Number($('grant-minutes').value) }).then(loadConsent);
(async () => {
  const s = await call('GET', '/session');
  if (s.mode === 'support') {
    support = s.support;
    document.body.classList.add('support');
    $('who').textContent = 'support: ' + support.operator + ' · grant ' + support.grantId;
    $('consent').hidden = true;
    lockMutations();
    countdown();
    setInterval(countdown, 1000);
  } else {
    $('who').textContent = 'signed in as ' + s.merchant.user;
    await loadConsent();
  }
  await Promise.all([loadOrders(), loadSettings()]);
  document.body.dataset.ready = '1';
})();
</script>
</body></html>`;
}
