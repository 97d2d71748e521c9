/** Client for the rooms service. Every response is validated: the service is a boundary like any other. */
import * as v from 'valibot';
import type { FollowedAccount, HandRaise, Profile } from '../../wire/accounts';
import type { FeedSite, HostHandle } from '../protocol/messages';
import type { Directory, FeedLookupResult, LiveHosts, RoomSummary } from '../protocol/session-state';

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
const RoomSchema = v.object({ room: RoomSummarySchema });
const DirectorySchema = v.object({ live: v.array(RoomSummarySchema), upcoming: v.array(RoomSummarySchema) });
const LiveLookupSchema = v.object({
  matches: v.array(
    v.object({ site: v.picklist(['x', 'bsky', 'mastodon']), handle: v.string(), room: RoomSummarySchema }),
  ),
});
const LiveHostsSchema = v.object({
  hosts: v.array(v.object({ handle: v.string(), room: RoomSummarySchema })),
  truncated: v.boolean(),
});
const ROLE = v.picklist(['host', 'cohost', 'speaker', 'listener']);
const JoinGrantSchema = v.object({
  url: v.string(),
  token: v.string(),
  identity: v.optional(v.string()),
  role: v.optional(ROLE),
  room: RoomSummarySchema,
});
const ProfileSchema = v.object({
  id: v.string(),
  username: v.string(),
  displayName: v.string(),
  avatarUrl: v.nullable(v.string()),
  handles: v.optional(
    v.array(
      v.object({ site: v.picklist(['x', 'bsky', 'mastodon']), handle: v.string(), status: v.string() }),
    ),
  ),
});
const NewSessionSchema = v.object({
  account: ProfileSchema,
  session: v.object({ token: v.string(), expiresAt: v.string() }),
});
const AccountListSchema = v.object({ accounts: v.array(ProfileSchema) });
const FollowListSchema = v.object({
  accounts: v.array(v.object({ id: v.string(), username: v.string(), displayName: v.string() })),
  nextCursor: v.nullable(v.string()),
});
const RequestsSchema = v.object({
  requests: v.array(
    v.object({ accountId: v.string(), username: v.string(), displayName: v.string(), raisedAt: v.string() }),
  ),
});
const ErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });
const Nothing = v.unknown();

export type JoinGrant = v.InferOutput<typeof JoinGrantSchema>;
export type NewSession = v.InferOutput<typeof NewSessionSchema>;

export interface NewRoom {
  title: string;
  description?: string;
  /** ISO time; absent to start now. */
  scheduledFor?: string;
}

export interface RoomsApi {
  listRooms(): Promise<RoomSummary[]>;
  /** Live and upcoming rooms of the accounts the signed-in user follows. */
  directory(): Promise<Directory>;
  /** Rooms by id (unknown ids left out). */
  lookupRooms(ids: string[]): Promise<RoomSummary[]>;
  /** Live rooms hosted by the accounts that claimed these handles. */
  liveLookup(handles: HostHandle[]): Promise<FeedLookupResult['liveHosts']>;
  /** Every host live now on one feed site (the service caps the list: see `truncated`). */
  liveHosts(site: FeedSite): Promise<LiveHosts>;
  /** A token for the caller's role in the room (a guest listener when signed out). */
  join(roomId: string): Promise<JoinGrant>;
  signUp(input: { username: string; password: string; displayName?: string }): Promise<NewSession>;
  signIn(input: { username: string; password: string }): Promise<NewSession>;
  signOut(): Promise<void>;
  me(): Promise<Profile>;
  searchAccounts(prefix: string): Promise<Profile[]>;
  following(username: string): Promise<FollowedAccount[]>;
  follow(username: string, following: boolean): Promise<void>;
  createRoom(input: NewRoom): Promise<RoomSummary>;
  startRoom(roomId: string): Promise<RoomSummary>;
  endRoom(roomId: string): Promise<void>;
  setHandRaised(roomId: string, raised: boolean): Promise<void>;
  handRaises(roomId: string): Promise<HandRaise[]>;
  setOnStage(roomId: string, accountId: string, onStage: boolean): Promise<void>;
  muteSpeaker(roomId: string, accountId: string): Promise<void>;
  /** Appoints (or demotes) a co-host; only the host may. */
  setCohost(roomId: string, accountId: string, on: boolean): Promise<void>;
  removeParticipant(roomId: string, accountId: string): Promise<void>;
  react(roomId: string, emoji: string): Promise<void>;
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

/**
 * @param baseUrl the service's base URL, read when needed (the user may change it)
 * @param sessionToken the signed-in user's session token, or null (never leaves the background)
 */
export function createRoomsApi(
  baseUrl: () => Promise<string>,
  sessionToken: () => Promise<string | null> = async () => null,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): RoomsApi {
  async function request<S extends v.GenericSchema>(
    schema: S,
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<v.InferOutput<S>> {
    const url = new URL(path, await baseUrl());
    const token = await sessionToken();
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch {
      throw new RoomsApiError(`The rooms service at ${url.origin} cannot be reached`, 0, 'unreachable');
    }
    const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
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

  const room = (id: string) => `/v1/rooms/${encodeURIComponent(id)}`;
  const done = async () => undefined;

  return {
    async listRooms() {
      return (await request(RoomListSchema, '/v1/rooms')).rooms;
    },
    directory: () => request(DirectorySchema, '/v1/directory'),
    async lookupRooms(ids) {
      if (ids.length === 0) return [];
      return (await request(RoomListSchema, '/v1/rooms/lookup', { method: 'POST', body: { ids } })).rooms;
    },
    async liveLookup(handles) {
      if (handles.length === 0) return [];
      return (await request(LiveLookupSchema, '/v1/live-lookup', { method: 'POST', body: { handles } }))
        .matches;
    },
    async liveHosts(site) {
      const { hosts, truncated } = await request(
        LiveHostsSchema,
        `/v1/live-hosts?${new URLSearchParams({ site })}`,
      );
      return { hosts, truncated };
    },
    join: (roomId) => request(JoinGrantSchema, `${room(roomId)}/join`, { method: 'POST', body: {} }),
    signUp: (input) => request(NewSessionSchema, '/v1/accounts', { method: 'POST', body: input }),
    signIn: (input) => request(NewSessionSchema, '/v1/sessions', { method: 'POST', body: input }),
    signOut: () => request(Nothing, '/v1/sessions/current', { method: 'DELETE' }).then(done),
    me: () => request(ProfileSchema, '/v1/me'),
    async searchAccounts(prefix) {
      const query = new URLSearchParams({ prefix, limit: '20' });
      return (await request(AccountListSchema, `/v1/accounts?${query}`)).accounts;
    },
    async following(username) {
      const path = `/v1/accounts/${encodeURIComponent(username)}/following?limit=100`;
      return (await request(FollowListSchema, path)).accounts;
    },
    follow: (username, following) =>
      request(Nothing, `/v1/me/following/${encodeURIComponent(username)}`, {
        method: following ? 'PUT' : 'DELETE',
      }).then(done),
    async createRoom(input) {
      return (await request(RoomSchema, '/v1/rooms', { method: 'POST', body: input })).room;
    },
    async startRoom(roomId) {
      return (await request(RoomSchema, `${room(roomId)}/start`, { method: 'POST', body: {} })).room;
    },
    endRoom: (roomId) => request(Nothing, `${room(roomId)}/end`, { method: 'POST', body: {} }).then(done),
    setHandRaised: (roomId, raised) =>
      request(Nothing, `${room(roomId)}/hand`, {
        method: raised ? 'POST' : 'DELETE',
        body: raised ? {} : undefined,
      }).then(done),
    async handRaises(roomId) {
      return (await request(RequestsSchema, `${room(roomId)}/requests`)).requests;
    },
    setOnStage: (roomId, accountId, onStage) =>
      request(Nothing, `${room(roomId)}/stage`, { method: 'POST', body: { accountId, onStage } }).then(done),
    muteSpeaker: (roomId, accountId) =>
      request(Nothing, `${room(roomId)}/mute`, { method: 'POST', body: { accountId } }).then(done),
    setCohost: (roomId, accountId, on) =>
      (on
        ? request(Nothing, `${room(roomId)}/cohosts`, { method: 'POST', body: { accountId } })
        : request(Nothing, `${room(roomId)}/cohosts/${encodeURIComponent(accountId)}`, { method: 'DELETE' })
      ).then(done),
    removeParticipant: (roomId, accountId) =>
      request(Nothing, `${room(roomId)}/bans`, { method: 'POST', body: { accountId } }).then(done),
    react: (roomId, emoji) =>
      request(Nothing, `${room(roomId)}/reactions`, { method: 'POST', body: { emoji } }).then(done),
  };
}

export type { FollowedAccount, HandRaise, Profile };
