/** The few rooms-service calls the scripts need (Node side; the extension has its own client). */
import type { NewSession, Profile } from '../../server/accounts.ts';
import type { CreatedRoom, ListenerGrant, RoomGrant } from '../../server/rooms.ts';

/** An error answer of the service, with its code (`invalid_credentials`, `username_taken`, …). */
export class ServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

async function call<T>(serviceUrl: string, path: string, init: RequestInit & { token?: string }): Promise<T> {
  const url = new URL(path, serviceUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers });
  } catch (error) {
    throw new Error(
      `The rooms service at ${url.origin} cannot be reached (${String(error)}). Is it running?`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    const code = body?.error?.code ?? `http_${response.status}`;
    const detail = body?.error ? `${code}: ${body.error.message}` : `HTTP ${response.status}`;
    throw new ServiceError(response.status, code, `${init.method} ${url.pathname} failed (${detail})`);
  }
  return body as T;
}

export const signUp = (
  serviceUrl: string,
  input: { username: string; password: string; displayName?: string },
) => call<NewSession>(serviceUrl, '/v1/accounts', { method: 'POST', body: JSON.stringify(input) });

export const signIn = (serviceUrl: string, input: { username: string; password: string }) =>
  call<NewSession>(serviceUrl, '/v1/sessions', { method: 'POST', body: JSON.stringify(input) });

export const signOut = (serviceUrl: string, token: string) =>
  call<undefined>(serviceUrl, '/v1/sessions/current', { method: 'DELETE', token });

export const updateProfile = (
  serviceUrl: string,
  token: string,
  changes: { displayName?: string; handles?: Array<{ site: 'x' | 'bsky' | 'mastodon'; handle: string }> },
) => call<Profile>(serviceUrl, '/v1/me', { method: 'PATCH', body: JSON.stringify(changes), token });

export const createRoom = (
  serviceUrl: string,
  token: string,
  input: { title: string; description?: string; language?: string },
) => call<CreatedRoom>(serviceUrl, '/v1/rooms', { method: 'POST', body: JSON.stringify(input), token });

export const requestListenerGrant = (serviceUrl: string, roomId: string, name?: string) =>
  call<ListenerGrant>(serviceUrl, `/v1/rooms/${encodeURIComponent(roomId)}/listen`, {
    method: 'POST',
    body: JSON.stringify(name === undefined ? {} : { name }),
  });

/** Ends a room the session's account hosts (or cohosts). Answers 204 without a body. */
export const endRoom = (serviceUrl: string, token: string, roomId: string) =>
  call<undefined>(serviceUrl, `/v1/rooms/${encodeURIComponent(roomId)}`, { method: 'DELETE', token });

/** A token for the session's role in a live room (hosts rejoining bring back a room LiveKit lost). */
export const joinRoom = (serviceUrl: string, token: string, roomId: string) =>
  call<RoomGrant>(serviceUrl, `/v1/rooms/${encodeURIComponent(roomId)}/join`, {
    method: 'POST',
    body: '{}',
    token,
  });
