/** A real LiveKit server plus the rooms service in front of it (LiveKit's webhooks wired to it), for one test file. */
import { expect } from 'vitest';
import { freeTcpPort } from '../../../scripts/lib/free-port.ts';
import { type LiveKitHandle, startLiveKit } from '../../../scripts/livekit.ts';
import { randomId } from '../../../server/random-id.ts';
import { type ServiceHandle, type StartServiceOptions, startService } from '../../../server/start-service.ts';
import { useForFile } from './use-for-file.ts';

export interface ServiceFixture {
  /** The LiveKit server now running (a new handle after `restartLiveKit`). */
  readonly livekit: LiveKitHandle;
  service: ServiceHandle;
  /**
   * Stops LiveKit (as a restart would: SIGTERM, then forced; or killed outright with `crash`) and starts
   * a new one on the same port with the same webhooks, so it has forgotten every room. The service stays up.
   */
  restartLiveKit(options?: { crash?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

/** Limits high enough that tests creating many rooms or accounts are not slowed down by them. */
export const RELAXED_LIMITS: StartServiceOptions['limits'] = {
  roomCreation: { burst: 1000, refillMs: 1 },
  signUp: { burst: 1000, refillMs: 1 },
};

export async function startServiceFixture(
  options: Omit<StartServiceOptions, 'livekit' | 'port'> = {},
): Promise<ServiceFixture> {
  // The service's port is chosen first so LiveKit can be told where to send its webhooks.
  const port = await freeTcpPort();
  const webhookUrls = [`http://127.0.0.1:${port}/v1/livekit/webhook`];
  let livekit = await startLiveKit({ webhookUrls });
  const service = await startService({ limits: RELAXED_LIMITS, ...options, port, livekit }).catch(
    async (error: unknown) => {
      await livekit.stop();
      throw error;
    },
  );
  return {
    get livekit() {
      return livekit;
    },
    service,
    async restartLiveKit({ crash = false } = {}) {
      await (crash ? livekit.crash() : livekit.stop());
      livekit = await startLiveKit({ port: livekit.port, webhookUrls });
    },
    async stop() {
      await service.stop();
      await livekit.stop();
    },
  };
}

/** LiveKit settings at a loopback port nobody listens on: for tests of a service whose LiveKit is down or unneeded. */
export const deadLiveKit = async () => ({
  url: `ws://127.0.0.1:${await freeTcpPort()}`,
  apiKey: 'devkey',
  apiSecret: 'secret',
});

/** A LiveKit server and the rooms service for the calling test file: started before its tests, stopped after. */
export const useServiceFixture = (
  options: Omit<StartServiceOptions, 'livekit' | 'port'> = {},
): ServiceFixture => useForFile(() => startServiceFixture(options));

/** The rooms service alone for the calling test file, its LiveKit settings given (often a dead address). */
export const useService = (
  options: StartServiceOptions | (() => Promise<StartServiceOptions>),
): ServiceHandle =>
  useForFile(async () => startService(typeof options === 'function' ? await options() : options));

export interface ApiInit {
  method?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Session token, sent as Authorization: Bearer. */
  token?: string;
}

/** fetch against the service, with JSON in and out. */
export async function api(
  service: { url: string },
  path: string,
  init: ApiInit = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
): Promise<{ status: number; headers: Headers; body: any }> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const response = await fetch(new URL(path, service.url), {
    method: init.method ?? 'GET',
    headers: {
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    headers: response.headers,
    body: text && isJson ? JSON.parse(text) : text || undefined,
  };
}

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

/** What `POST /v1/rooms` answers: the room, and the host's grant when it started now. */
export interface CreatedRoomBody {
  room: { id: string; shareUrl: string };
  host: { url: string; token: string; identity: string };
}

/** `POST /v1/rooms` as `host`: creates a room (started now, or scheduled), expecting 201 Created. */
export async function postRoom(
  service: { url: string },
  host: { token: string },
  body: Record<string, unknown>,
): Promise<CreatedRoomBody> {
  const created = await api(service, '/v1/rooms', { method: 'POST', body, token: host.token });
  expect(created.status).toBe(201);
  return created.body;
}

/** Signs up a new account with a unique username. */
export async function signUpUser(
  service: { url: string },
  prefix = 'user',
  extra: { displayName?: string } = {},
): Promise<TestUser> {
  const username = `${prefix}_${randomId(8)}`;
  const response = await api(service, '/v1/accounts', {
    method: 'POST',
    body: { username, password: 'correct horse battery', ...extra },
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${JSON.stringify(response.body)}`);
  return { id: response.body.account.id, username, token: response.body.session.token };
}
