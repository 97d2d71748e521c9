/** The few rooms-service calls the scripts need (Node side; the extension has its own client). */
import type { CreatedRoom, ListenerGrant } from '../../server/rooms.ts';

async function call<T>(serviceUrl: string, path: string, init: RequestInit): Promise<T> {
  const url = new URL(path, serviceUrl);
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { 'content-type': 'application/json' } });
  } catch (error) {
    throw new Error(
      `The rooms service at ${url.origin} cannot be reached (${String(error)}). Is it running?`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as {
    error?: { code: string; message: string };
  };
  if (!response.ok) {
    const detail = body?.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`;
    throw new Error(`${init.method} ${url.pathname} failed (${detail})`);
  }
  return body as T;
}

export const createRoom = (serviceUrl: string, input: { title: string; hostName?: string }) =>
  call<CreatedRoom>(serviceUrl, '/v1/rooms', { method: 'POST', body: JSON.stringify(input) });

export const requestListenerGrant = (serviceUrl: string, roomId: string, name?: string) =>
  call<ListenerGrant>(serviceUrl, `/v1/rooms/${encodeURIComponent(roomId)}/listen`, {
    method: 'POST',
    body: JSON.stringify(name === undefined ? {} : { name }),
  });

/** Answers 204 without a body. */
export const endRoom = (serviceUrl: string, roomId: string) =>
  call<undefined>(serviceUrl, `/v1/rooms/${encodeURIComponent(roomId)}`, { method: 'DELETE' });
