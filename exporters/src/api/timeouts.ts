// How long the ops API waits, and whom it blames: a request body that does not arrive is the
// client's doing (408), a dependency that does not answer is ours (503).
import type { Request, RequestHandler } from 'express';
import { ApiError } from './errors.ts';

/**
 * A body still incomplete after `ms` (announced and never sent, half sent, trickling in) gets a
 * 408 naming the body, and its connection is closed: the rest is never read, so the route never
 * runs on a late body. Mounted before authentication: a body that never comes cannot hold a
 * connection after a 401 either.
 */
export function bodyWithin(ms: number): RequestHandler {
  return (req, res, next) => {
    if (req.complete || !announcesBody(req)) return next();
    const timer = setTimeout(() => {
      if (req.complete) return;
      if (res.headersSent) return void req.socket.destroy(); // answered already; only the connection is held
      req.pause(); // whatever still arrives stays unread
      res.set('connection', 'close').status(408).json(new ApiError(408, 'request_timeout', `the request body did not arrive within ${ms} ms`, 'body').toBody());
    }, ms);
    const clear = () => clearTimeout(timer);
    req.once('end', clear);
    req.once('close', clear);
    next();
  };
}

const announcesBody = (req: Request) => req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/** Commands wait through a Redis reconnect; the caller gets a clear 503 instead of a hang. Mounted once the body has arrived. */
export function answerWithin(ms: number): RequestHandler {
  return (req, res, next) => {
    if (req.get('accept')?.includes('text/event-stream')) return next();
    const timer = setTimeout(() => {
      if (!res.headersSent) res.status(503).json(new ApiError(503, 'dependency_timeout', `no answer within ${ms} ms: Redis or the database is not responding`).toBody());
    }, ms);
    res.on('close', () => clearTimeout(timer));
    res.on('finish', () => clearTimeout(timer));
    next();
  };
}
