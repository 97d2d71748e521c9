/**
 * Whether this instance should get traffic: its database answers, LiveKit answers its server API with
 * this service's key, and it is not shutting down. A load balancer polls `GET /ready` and stops sending
 * requests to an instance that says no (see shutdown.ts: draining starts by saying no).
 */
import { RoomServiceClient } from 'livekit-server-sdk';
import type { LiveKitSettings } from './config.ts';
import type { Database } from './db/database.ts';

export interface CheckResult {
  ok: boolean;
  ms: number;
  /** Why it failed (no secrets: driver and network messages only). */
  error?: string;
}

export interface ReadinessReport {
  ok: boolean;
  draining: boolean;
  checks: { database: CheckResult; livekit: CheckResult };
}

export interface Readiness {
  /** True once shutdown has begun. */
  readonly draining: boolean;
  startDraining(): void;
  check(): Promise<ReadinessReport>;
}

const CHECK_TIMEOUT_MS = 2000;

async function timed(work: () => Promise<unknown>): Promise<CheckResult> {
  const startedAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - startedAt) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, ms: Math.round(performance.now() - startedAt), error: message };
  } finally {
    clearTimeout(timer);
  }
}

export function createReadiness(deps: { db: Database; livekit: LiveKitSettings }): Readiness {
  const livekit = new RoomServiceClient(deps.livekit.url, deps.livekit.apiKey, deps.livekit.apiSecret, {
    requestTimeout: CHECK_TIMEOUT_MS / 1000,
    failover: false,
  });
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    async check() {
      const [database, livekitCheck] = await Promise.all([
        timed(() => deps.db.query('SELECT 1')),
        // Listing rooms proves LiveKit is up and accepts this service's key and secret.
        timed(() => livekit.listRooms([])),
      ]);
      return {
        ok: database.ok && livekitCheck.ok && !draining,
        draining,
        checks: { database, livekit: livekitCheck },
      };
    },
  };
}
