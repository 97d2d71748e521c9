/**
 * The request body size limit. Hono's `bodyLimit` reads `c.req.raw.body` on every request, which makes
 * @hono/node-server build the full web Request (undici Request, AbortController, a web stream over the
 * socket) that its lightweight request otherwise skips, and then reads the body through that stream: a
 * fifth of a join's CPU. A declared Content-Length is checked here instead and the body is left to the
 * adapter's direct read; only bodies of unknown length (chunked) go through `bodyLimit`, which counts them.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Methods whose web Request has no body in @hono/node-server (bodyLimit lets them through). */
const BODILESS = new Set(['GET', 'HEAD', 'TRACE']);

export function bodySizeLimit(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const counted = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    if (BODILESS.has(c.req.method)) return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      // As bodyLimit decides on a declared length.
      return Number.parseInt(length, 10) > maxSize ? onError(c) : next();
    }
    return counted(c, next);
  };
}
