/** Every domain service of the rooms service, wired over one database, LiveKit and the event bus. */
import { createAccounts } from './accounts.ts';
import { createDatabaseRateLimiter } from './auth/database-rate-limiter.ts';
import type { Database } from './db/database.ts';
import { createDirectory } from './directory.ts';
import { createLiveUpdates } from './events/live-updates.ts';
import type { RoomEventBus } from './events/room-events.ts';
import { createFollows } from './follows.ts';
import { createIdentity, type IdentitySettings } from './identity/handle-verification.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { createLiveKitWebhooks } from './livekit-webhooks.ts';
import { createModeration } from './moderation.ts';
import { createReactions } from './reactions.ts';
import { createRooms } from './rooms.ts';
import { DEFAULT_LIMITS, type ServiceLimits } from './service-limits.ts';
import type { TokenIssuer } from './tokens.ts';

export interface ServiceDeps {
  db: Database;
  livekit: LiveKitRooms;
  tokens: TokenIssuer;
  events: RoomEventBus;
  /** Key and secret LiveKit signs its webhooks with. */
  livekitCredentials: { apiKey: string; apiSecret: string };
  /** The LiveKit URL given to clients. */
  livekitUrl: string;
  /** This service's public base URL (share links). */
  publicUrl: string;
  limits?: Partial<ServiceLimits>;
  /** How long a live room LiveKit lost (restart, crash) waits for its host to bring it back. Default 2 min. */
  mediaLossGraceMs?: number;
  now?: () => Date;
  /** Handle verification: outbound fetch limits, PLC directory, re-check timing (server/identity/). */
  identity?: IdentitySettings;
}

export function createServices(deps: ServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  // Buckets live in the database: a limit holds across every service instance.
  const limiter = (name: keyof ServiceLimits) => createDatabaseRateLimiter(deps.db, name, limits[name]);
  const rooms = createRooms({ ...deps, now, roomCreationLimiter: limiter('roomCreation') });
  return {
    /** The LiveKit URL given to clients (the share page's CSP lets its player reach it). */
    livekitUrl: deps.livekitUrl,
    accounts: createAccounts({ db: deps.db, now }),
    follows: createFollows({ db: deps.db }),
    identity: createIdentity({ db: deps.db, now, publicUrl: deps.publicUrl, settings: deps.identity }),
    rooms,
    moderation: createModeration({ ...deps, rooms, now }),
    reactions: createReactions({ ...deps, rooms, limiter: limiter('reactions') }),
    directory: createDirectory(deps),
    webhooks: createLiveKitWebhooks({
      db: deps.db,
      events: deps.events,
      livekit: deps.livekit,
      credentials: deps.livekitCredentials,
      now,
    }),
    liveUpdates: createLiveUpdates({ db: deps.db, bus: deps.events, publicUrl: deps.publicUrl }),
    signInLimiter: limiter('signIn'),
    signUpLimiter: limiter('signUp'),
  };
}

export type Services = ReturnType<typeof createServices>;
