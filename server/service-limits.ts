/** Rate limits of the service (token buckets in the database, shared by every instance: auth/database-rate-limiter.ts). */
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
