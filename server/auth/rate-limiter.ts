/**
 * Token-bucket rate limits kept in this process's memory. With several service instances each
 * keeps its own buckets (a client could get N times the rate); move them to Redis or Postgres then.
 */

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Milliseconds to earn back one request. */
  refillMs: number;
}

export interface RateLimiter {
  /** Takes one request from `key`'s bucket: 0 when allowed, otherwise milliseconds until it would be. */
  take(key: string): number;
}

const MAX_TRACKED_KEYS = 100_000;

export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const time = now();
      const bucket = buckets.get(key) ?? { tokens: limit.burst, at: time };
      bucket.tokens = Math.min(limit.burst, bucket.tokens + (time - bucket.at) / limit.refillMs);
      bucket.at = time;
      if (bucket.tokens < 1) {
        buckets.set(key, bucket);
        return Math.ceil((1 - bucket.tokens) * limit.refillMs);
      }
      bucket.tokens -= 1;
      // Re-inserting keeps the map in least-recently-used order; drop the oldest past the cap.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_TRACKED_KEYS) buckets.delete(buckets.keys().next().value!);
      return 0;
    },
  };
}
