// One error shape for every failure: {"error":{"code","message","field"?}}.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { ApiError } from '@trafi-ops/contracts';
import { InvalidCursorError } from '../jobs/cursor.ts';
import { JobValidationError } from '../jobs/job-type.ts';

export { ApiError };

export const notFound = (what: string, field?: string) => new ApiError(404, 'not_found', `${what} not found`, field);

/**
 * Parses `value` with `schema` or throws naming the first bad field (`where.path`): a 400 for a
 * query or body, a 404 for path params (a path that cannot name anything names nothing, as an
 * unknown id does).
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'query' | 'body' | 'params'): z.infer<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = [...issue.path, ...keys.slice(0, 1)].map(String).join('.');
  const message = issue.code === 'unrecognized_keys' ? `unknown ${where} field "${keys[0]}"` : `${path || where}: ${issue.message}`;
  if (where === 'params') throw new ApiError(404, 'not_found', message, path || where);
  throw new ApiError(400, 'invalid_request', message, path || where);
}

export const routeNotFound: RequestHandler = (req, _res, next) => next(new ApiError(404, 'not_found', `no route ${req.method} ${req.path}`));

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const e = classify(err);
    if (e.status >= 500) logger.error({ err, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return void res.end();
    res.status(e.status).json(e.toBody());
  };
}

function classify(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof JobValidationError) return new ApiError(400, 'invalid_request', err.message, err.field);
  if (err instanceof InvalidCursorError) return new ApiError(400, 'invalid_cursor', err.message, 'cursor');
  const e = err as { type?: string; status?: number; message?: string };
  // body-parser's errors
  if (e?.type === 'entity.parse.failed') return new ApiError(400, 'malformed_json', 'request body is not valid JSON', 'body');
  if (e?.type === 'entity.too.large') return new ApiError(413, 'payload_too_large', 'request body is too large', 'body');
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') return new ApiError(415, 'unsupported_encoding', e.message ?? 'unsupported encoding', 'body');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return new ApiError(e.status, 'bad_request', e.message ?? 'bad request');
  return new ApiError(500, 'internal', 'internal error');
}
