// A local HTTP receiver standing in for Slack and PagerDuty: answers like the real services
// (Slack 200 "ok", PagerDuty Events v2 202) and records every request.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received { path: string; body: any; at: number }

export interface Receiver {
  url: string;
  received: Received[];
  slack(): SlackMessage[];
  pagerduty(): PagerDutyEvent[];
  close(): Promise<void>;
}
export interface SlackMessage { channel: string; attachments: { title: string; title_link: string; text: string; color: string; actions?: { text: string; url: string }[] }[] }
export interface PagerDutyEvent { routing_key: string; event_action: 'trigger' | 'resolve'; dedup_key: string; payload: { summary: string; severity: string; custom_details: Record<string, string> }; links?: { href: string; text: string }[] }

/** Slack posts go to `${url}/slack`, PagerDuty events to `${url}/pagerduty/...`. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep the text */
      }
      received.push({ path: req.url ?? '', body, at: Date.now() });
      if (req.url?.startsWith('/pagerduty')) {
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (body as PagerDutyEvent).dedup_key }));
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    slack: () => received.filter((r) => r.path === '/slack').map((r) => r.body as SlackMessage),
    pagerduty: () => received.filter((r) => r.path.startsWith('/pagerduty')).map((r) => r.body as PagerDutyEvent),
    close: () => new Promise((r) => server.close(() => r())),
  };
}
