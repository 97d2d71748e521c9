/**
 * Token-bucket rate limits. The service keeps its buckets in the database (database-rate-limiter.ts),
 * so a limit holds across every instance; the in-memory limiter here is for one process only.
 */

export interface RateLimit {
  /** Requests allowed at once. */
  burst: number;
  /** Milliseconds to earn back one request. */
  refillMs: number;
}

export interface RateLimiter {
  /** Takes one request from `key`'s bucket: 0 when allowed, otherwise milliseconds until it would be. */
  take(key: string): Promise<number>;
}

const MAX_TRACKED_KEYS = 100_000;

/** Buckets in this process's memory: with several instances each would grant the full rate. */
export function createMemoryRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const takeNow = (key: string): number => {
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
  };
  return { take: async (key) => takeNow(key) };
}
