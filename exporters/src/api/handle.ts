// A route is registered from its description in @trafi-ops/contracts (endpoints.ts): the
// method, path and role come from the endpoint, params/query/body are parsed with its schemas
// (a 400 naming the field), and the handler's answer is typed by its response schema, so a
// route cannot drift from what the plugin and the tests read about it.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Endpoint, SseEvents } from '@trafi-ops/contracts';
import { requireRole } from './auth.ts';
import { parse } from './errors.ts';

export interface Input<E extends Endpoint> {
  params: z.output<E['params']>;
  query: z.output<E['query']>;
  body: z.output<E['body']>;
}

/** The answer, sent as JSON; a streaming endpoint answers nothing once it has streamed. */
export type Answer<E extends Endpoint> = E['sse'] extends SseEvents ? z.output<E['response']> | void : z.output<E['response']>;

export type Handler<E extends Endpoint> = (input: Input<E>, req: Request, res: Response) => Promise<Answer<E>>;

/** The routes of one resource, mounted at `mount` (request metrics label them by their full template). */
export interface ResourceRouter {
  mount: string;
  router: Router;
}

export const resourceRouter = (mount: string): ResourceRouter => ({ mount, router: Router() });

export function handle<E extends Endpoint>(at: ResourceRouter, endpoint: E, handler: Handler<E>): void {
  // A read is open to every token; anything else needs the endpoint's exact role.
  const guards: RequestHandler[] = endpoint.role === 'viewer' || endpoint.role === 'public' ? [] : [requireRole(endpoint.role)];
  const route: RequestHandler = async (req, res) => {
    const input = {
      params: parse(endpoint.params, req.params, 'params'),
      query: parse(endpoint.query, req.query, 'query'),
      body: endpoint.method === 'GET' ? undefined : parse(endpoint.body, req.body, 'body'),
    } as Input<E>;
    res.status(endpoint.status[0] ?? 200); // the handler may set another of endpoint.status
    const answer = await handler(input, req, res);
    if (answer !== undefined) res.json(answer);
  };
  const path = relativeTo(at.mount, endpoint.path);
  if (endpoint.method === 'GET') at.router.get(path, ...guards, route);
  else at.router.post(path, ...guards, route);
}

function relativeTo(mount: string, path: string): string {
  if (mount === '/') return path;
  if (path !== mount && !path.startsWith(`${mount}/`)) throw new Error(`endpoint ${path} is not under ${mount}`);
  return path.slice(mount.length) || '/';
}
