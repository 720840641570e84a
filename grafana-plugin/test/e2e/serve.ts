// npm run host -w grafana-plugin: the built plugin in the Grafana stand-in on the real stack
// (test Redis prefix, PGlite, Prometheus, Alertmanager) with some traffic, to look at the pages
// without a Grafana. Prints the URL; Ctrl-C stops and cleans up.
import { startE2eStack } from './stack';

const e2e = await startE2eStack();
const ctx = (tenantId: string) => ({ tenantId, actor: 'host', requestId: `host-${tenantId}` });
await e2e.stack.jobs.enqueueBulk(Array.from({ length: 30 }, (_, i) => ({ type: 'email.send', payload: { to: `user-${i}@example.com` }, context: ctx(['acme', 'globex'][i % 2]!) })));
await e2e.stack.jobs.enqueueBulk(Array.from({ length: 25 }, (_, i) => ({ type: 'invoice.render', payload: { invoice: 1000 + i }, context: ctx('acme') })));
await e2e.stack.jobs.enqueue('order.sync', { orderId: 'A-1', steps: 20 }, ctx('initech'));
console.log(`Trafi Ops in the Grafana stand-in: ${e2e.host.url}/a/trafi-ops-app/queues (its ERP and PDF partners are down: runs fail into the DLQ)`);
process.on('SIGINT', () => void e2e.stop().then(() => process.exit(0)));
