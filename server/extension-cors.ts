/**
 * CORS for the browser extension only: origins chrome-extension://… and moz-extension://… are
 * allowed; a request carrying any other Origin (a web page) is refused outright with 403, so a page
 * cannot even trigger side effects with a "simple" request. Requests without Origin (CLI tools,
 * tests, the demo bot) pass through, and so do the service's own pages (the share page's player):
 * same host, so no CORS is involved.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.ts';

const extensionOrigin = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]+$/;

export const isAllowedOrigin = (origin: string) => extensionOrigin.test(origin);

const isSameHost = (origin: string, host: string | undefined) =>
  host !== undefined && URL.canParse(origin) && new URL(origin).host === host;

export function extensionCors(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined || isSameHost(origin, c.req.header('host'))) return next();
    c.header('Vary', 'Origin');
    if (!isAllowedOrigin(origin)) {
      throw new ApiError(403, 'origin_not_allowed', 'Only the Earshot browser extension may call this API');
    }
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', 'ETag, Retry-After');
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      c.header('Access-Control-Allow-Headers', 'Content-Type, Authorization, If-None-Match, Idempotency-Key');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    return next();
  };
}
