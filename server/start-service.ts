/** Runs the rooms service on a port: used by main.ts, the start script and tests. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, type Logger } from './app.ts';
import type { LiveKitSettings } from './config.ts';
import type { Database } from './db/database.ts';
import { type DatabaseSettings, openDatabase } from './db/open-database.ts';
import { createDatabaseEventBus } from './events/database-event-bus.ts';
import { drainHttpServer } from './http-drain.ts';
import type { IdentitySettings } from './identity/handle-verification.ts';
import { createLiveKitRooms } from './livekit-rooms.ts';
import { createReadiness } from './readiness.ts';
import type { ServiceLimits } from './service-limits.ts';
import { createServices, type Services } from './services.ts';
import { createTokenIssuer } from './tokens.ts';

const SESSION_SWEEP_MS = 60 * 60 * 1000;
const LOST_ROOM_SWEEP_MS = 30 * 1000;

export interface StartServiceOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How clients reach the service (share links). Default http://HOST:PORT. */
  publicUrl?: string;
  livekit: LiveKitSettings;
  /** Where data is kept. Default: a fresh in-memory PGlite, forgotten when the service stops. */
  database?: DatabaseSettings;
  limits?: Partial<ServiceLimits>;
  /** How long a live room LiveKit lost (restart, crash) waits for its host to bring it back. Default 2 min. */
  mediaLossGraceMs?: number;
  /** SSE heartbeat interval. Default 25 s. */
  heartbeatMs?: number;
  logger?: Logger;
  now?: () => Date;
  /** Handle verification settings (tests allow loopback and shorten the re-check interval). */
  identity?: IdentitySettings;
}

export interface ServiceHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The service's database (tests look inside; do not close it). */
  db: Database;
  services: Services;
  /**
   * Stops the service. At once by default (connections cut); with `graceMs`, gracefully: `/ready` says
   * 503, SSE streams end (clients reconnect elsewhere), no new connections, requests in flight are
   * answered, and connections still open after `graceMs` are cut.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
}

export async function startService(options: StartServiceOptions): Promise<ServiceHandle> {
  const host = options.host ?? '127.0.0.1';
  const db = await openDatabase(options.database ?? { driver: 'pglite' });
  const events = await createDatabaseEventBus(db);

  // Listen first: the default public URL needs the port. The app exists before anyone can call.
  let app: ReturnType<typeof createApp> | undefined;
  let listening: { server: ReturnType<typeof serve>; address: AddressInfo };
  try {
    listening = await new Promise((resolve, reject) => {
      const server = serve(
        { fetch: (request, env) => app!.fetch(request, env), port: options.port ?? 0, hostname: host },
        (address) => resolve({ server, address }),
      );
      server.once('error', reject);
    });
  } catch (error) {
    await events.close();
    await db.close();
    throw error;
  }
  const { server, address } = listening;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const services = createServices({
    db,
    events,
    livekit: createLiveKitRooms(options.livekit),
    tokens: createTokenIssuer(options.livekit),
    livekitCredentials: options.livekit,
    livekitUrl: options.livekit.publicUrl ?? options.livekit.url,
    publicUrl: (options.publicUrl ?? url).replace(/\/+$/, ''),
    limits: options.limits,
    mediaLossGraceMs: options.mediaLossGraceMs,
    now: options.now,
    identity: options.identity,
  });
  services.identity.start();
  const readiness = createReadiness({ db, livekit: options.livekit });
  const shutdown = new AbortController();
  app = createApp({
    services,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    readiness,
    shutdownSignal: shutdown.signal,
  });
  // Expired sessions no longer authenticate anyone; this only keeps the table small.
  const sessionSweep = setInterval(() => {
    void services.accounts.deleteExpiredSessions().catch(() => {});
  }, SESSION_SWEEP_MS);
  sessionSweep.unref();
  // Rooms LiveKit lost (restart, crash) whose host did not come back in time are ended.
  const lostRoomSweep = setInterval(
    () => void services.rooms.sweepLostRooms().catch(() => {}),
    Math.min(LOST_ROOM_SWEEP_MS, Math.max(1000, (options.mediaLossGraceMs ?? LOST_ROOM_SWEEP_MS) / 2)),
  );
  lostRoomSweep.unref();

  let stopping: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    db,
    services,
    stop({ graceMs }: { graceMs?: number } = {}) {
      stopping ??= (async () => {
        readiness.startDraining();
        clearInterval(sessionSweep);
        clearInterval(lostRoomSweep);
        if (graceMs === undefined) {
          await new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
        } else {
          shutdown.abort();
          const { forced } = await drainHttpServer(server as Server, graceMs);
          if (forced) options.logger?.error(`connections still open after ${graceMs} ms were closed`);
        }
        services.liveUpdates.close();
        await services.identity.close();
        await events.close();
        await db.close();
      })();
      return stopping;
    },
  };
}
