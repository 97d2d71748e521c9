/** The two calls the player makes to the rooms service (same origin): read the room, get a guest grant. */
import type { RoomSummary } from '../../../wire/room-summary.ts';

export interface ListenerGrant {
  url: string;
  token: string;
  identity: string;
  room: RoomSummary;
}

/** An answer other than 2xx, with the service's error code (`room_not_found`, `room_reconnecting`, …). */
export class RoomApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`${status} ${code}`);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { cache: 'no-store', credentials: 'omit', ...init });
  const body = (await response.json().catch(() => ({}))) as { error?: { code?: string } };
  if (!response.ok) throw new RoomApiError(response.status, body.error?.code ?? 'unknown');
  return body as T;
}

export const fetchRoom = async (roomId: string) =>
  (await call<{ room: RoomSummary }>(`/v1/rooms/${encodeURIComponent(roomId)}`)).room;

export const requestListenerGrant = (roomId: string) =>
  call<ListenerGrant>(`/v1/rooms/${encodeURIComponent(roomId)}/listen`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
