/** Query-string parameters with precise 400 `invalid_query` errors. */
import type { Context } from 'hono';
import { FEED_SITES, type FeedSite } from '../wire/sites.ts';
import { ApiError } from './api-error.ts';

export function limitParam(c: Context, fallback: number, max: number): number {
  const raw = c.req.query('limit');
  if (raw === undefined) return fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > max) {
    throw new ApiError(400, 'invalid_query', `limit must be a whole number from 1 to ${max}`);
  }
  return limit;
}

export function stringParam(c: Context, name: string, max: number): string | undefined {
  const value = c.req.query(name);
  if (value !== undefined && value.length > max) {
    throw new ApiError(400, 'invalid_query', `${name} must be at most ${max} characters`);
  }
  return value;
}

/** The required `site` parameter: one of the sites handles are claimed on. */
export function siteParam(c: Context): FeedSite {
  const site = c.req.query('site');
  if (!FEED_SITES.includes(site as FeedSite)) {
    throw new ApiError(400, 'invalid_query', `site must be one of ${FEED_SITES.join(', ')}`);
  }
  return site as FeedSite;
}
