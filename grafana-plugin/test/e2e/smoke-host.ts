// Manual check: node --import tsx test/e2e/smoke-host.ts → starts the stack + host and prints the URL.
import { startE2eStack } from './stack';
const e = await startE2eStack();
console.log(e.host.url);
await e.stack.jobs.enqueue('email.send', { to: 'a@b.c' }, { tenantId: 'acme', actor: 'x', requestId: 'r' });
process.on('SIGINT', () => void e.stop().then(() => process.exit(0)));
