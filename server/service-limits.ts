/** Rate limits of the service (in-memory token buckets; see auth/rate-limiter.ts for the multi-instance caveat). */
import type { RateLimit } from './auth/rate-limiter.ts';

export interface ServiceLimits {
  /** Sign-in attempts per client IP and username. */
  signIn: RateLimit;
  /** Sign-ups per client IP and username. */
  signUp: RateLimit;
  /** Rooms created per account. */
  roomCreation: RateLimit;
  /** Reactions per account and room. */
  reactions: RateLimit;
}

export const DEFAULT_LIMITS: ServiceLimits = {
  signIn: { burst: 10, refillMs: 30_000 },
  signUp: { burst: 5, refillMs: 60_000 },
  roomCreation: { burst: 20, refillMs: 60_000 },
  reactions: { burst: 5, refillMs: 2_000 },
};
