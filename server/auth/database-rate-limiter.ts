/**
 * Token buckets in the database (table rate_limit_buckets, migration 004): one atomic upsert per
 * request, on the database's clock, so every service instance draws from the same bucket and a
 * client gets the limit once, not once per instance.
 */
import type { Database } from '../db/database.ts';
import type { RateLimit, RateLimiter } from './rate-limiter.ts';

/** Rows of full buckets are deleted at most this often (per limiter); they hold nothing a new row would not. */
const SWEEP_EVERY_MS = 60_000;

// available = the bucket refilled up to now; a request is allowed when a whole token is available.
const AVAILABLE = `least($2::float8, b.tokens + extract(epoch FROM excluded.at - b.at) * 1000 / $3::float8)`;
const TAKE = `
INSERT INTO rate_limit_buckets AS b (key, tokens, at, allowed, full_at)
VALUES ($1, $2::float8 - 1, now(), $2::float8 >= 1, now() + $3::float8 * interval '1 millisecond')
ON CONFLICT (key) DO UPDATE SET
  tokens = ${AVAILABLE} - (${AVAILABLE} >= 1)::int,
  allowed = ${AVAILABLE} >= 1,
  at = excluded.at,
  full_at = excluded.at + ($2::float8 - ${AVAILABLE} + (${AVAILABLE} >= 1)::int) * $3::float8 * interval '1 millisecond'
RETURNING tokens, allowed`;

export function createDatabaseRateLimiter(db: Database, name: string, limit: RateLimit): RateLimiter {
  let lastSweep = Date.now();
  const sweep = () => {
    if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = Date.now();
    void db.query('DELETE FROM rate_limit_buckets WHERE full_at < now()').catch(() => {});
  };
  return {
    async take(key) {
      const [row] = await db.query<{ tokens: number; allowed: boolean }>(TAKE, [
        `${name}|${key}`,
        limit.burst,
        limit.refillMs,
      ]);
      sweep();
      if (!row || row.allowed) return 0;
      return Math.max(1, Math.ceil((1 - Number(row.tokens)) * limit.refillMs));
    },
  };
}
