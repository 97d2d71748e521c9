/** Client for the rooms service. Every response is validated: the service is a boundary like any other. */
import * as v from 'valibot';
import type { HostHandle } from './messages';
import type { FeedLookupResult, RoomSummary } from './session-state';

const RoomSummarySchema = v.object({
  id: v.string(),
  title: v.string(),
  hostName: v.string(),
  listenerCount: v.number(),
  speakerCount: v.number(),
  startedAt: v.nullable(v.string()),
  state: v.optional(v.picklist(['scheduled', 'live', 'ended'])),
  hostUsername: v.optional(v.string()),
  description: v.optional(v.string()),
  scheduledFor: v.optional(v.nullable(v.string())),
  shareUrl: v.optional(v.string()),
});
const RoomListSchema = v.object({ rooms: v.array(RoomSummarySchema) });
const LiveLookupSchema = v.object({
  matches: v.array(
    v.object({ site: v.picklist(['x', 'bsky', 'mastodon']), handle: v.string(), room: RoomSummarySchema }),
  ),
});
const ListenGrantSchema = v.object({ url: v.string(), token: v.string(), room: RoomSummarySchema });
const ErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });

export type ListenGrant = v.InferOutput<typeof ListenGrantSchema>;

export interface RoomsApi {
  listRooms(): Promise<RoomSummary[]>;
  /** Rooms by id (unknown ids left out). */
  lookupRooms(ids: string[]): Promise<RoomSummary[]>;
  /** Live rooms hosted by the accounts that claimed these handles. */
  liveLookup(handles: HostHandle[]): Promise<FeedLookupResult['liveHosts']>;
  /** Asks the service for a listener token for `roomId`. */
  listen(roomId: string): Promise<ListenGrant>;
}

export class RoomsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export function createRoomsApi(baseUrl: () => Promise<string>, fetchImpl: typeof fetch = fetch): RoomsApi {
  async function request<S extends v.GenericSchema>(schema: S, path: string, init?: RequestInit) {
    const url = new URL(path, await baseUrl());
    let response: Response;
    try {
      response = await fetchImpl(url, {
        ...init,
        headers: { 'content-type': 'application/json', ...init?.headers },
      });
    } catch {
      throw new RoomsApiError(`The rooms service at ${url.origin} cannot be reached`, 0, 'unreachable');
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const error = v.safeParse(ErrorBodySchema, body);
      if (error.success) {
        throw new RoomsApiError(error.output.error.message, response.status, error.output.error.code);
      }
      throw new RoomsApiError(`The rooms service answered ${response.status}`, response.status, 'http_error');
    }
    const parsed = v.safeParse(schema, body);
    if (!parsed.success) {
      throw new RoomsApiError(
        `Unexpected answer from the rooms service: ${v.summarize(parsed.issues)}`,
        response.status,
        'bad_response',
      );
    }
    return parsed.output as v.InferOutput<S>;
  }

  return {
    async listRooms() {
      return (await request(RoomListSchema, '/v1/rooms')).rooms;
    },
    async lookupRooms(ids) {
      if (ids.length === 0) return [];
      const body = JSON.stringify({ ids });
      return (await request(RoomListSchema, '/v1/rooms/lookup', { method: 'POST', body })).rooms;
    },
    async liveLookup(handles) {
      if (handles.length === 0) return [];
      const body = JSON.stringify({ handles });
      return (await request(LiveLookupSchema, '/v1/live-lookup', { method: 'POST', body })).matches;
    },
    listen(roomId) {
      return request(ListenGrantSchema, `/v1/rooms/${encodeURIComponent(roomId)}/listen`, {
        method: 'POST',
        body: '{}',
      });
    },
  };
}
