/** Runs the rooms service on a port: used by main.ts, the start script and tests. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type AppDeps, createApp, type Logger } from './app.ts';
import type { LiveKitSettings } from './config.ts';
import { createLiveKitRooms } from './livekit-rooms.ts';
import { createMemoryRoomStore, type RoomStore } from './room-store.ts';
import { createTokenIssuer } from './tokens.ts';

export interface StartServiceOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  livekit: LiveKitSettings;
  /** Default: a fresh in-memory store. */
  store?: RoomStore;
  logger?: Logger;
}

export interface ServiceHandle {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startService(options: StartServiceOptions): Promise<ServiceHandle> {
  const host = options.host ?? '127.0.0.1';
  const deps: AppDeps = {
    store: options.store ?? createMemoryRoomStore(),
    livekit: createLiveKitRooms(options.livekit),
    tokens: createTokenIssuer(options.livekit),
    livekitUrl: options.livekit.publicUrl ?? options.livekit.url,
    logger: options.logger,
  };
  const app = createApp(deps);

  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, (address) =>
        resolve({ server, address }),
      );
      server.once('error', reject);
    },
  );

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    port: address.port,
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return stopping;
    },
  };
}
