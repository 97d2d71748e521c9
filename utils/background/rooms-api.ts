/** Client for the rooms service. Every response is validated: the service is a boundary like any other. */
import type { FollowedAccount, HandRaise, Profile } from '@/wire/accounts';
import type { Directory, RoomSummary } from '@/wire/room-summary';
import type { FeedSite, SiteHandle } from '@/wire/sites';
import type { FeedLookupResult, LiveHosts } from '../protocol/session-state';
import { createServiceRequest, RoomsApiError, type ServiceRequest } from './rooms-api-request';
import {
  AccountListSchema,
  DirectorySchema,
  FollowListSchema,
  type JoinGrant,
  JoinGrantSchema,
  LiveHostsSchema,
  LiveLookupSchema,
  type NewSession,
  NewSessionSchema,
  Nothing,
  ProfileSchema,
  RequestsSchema,
  RoomListSchema,
  RoomSchema,
} from './rooms-api-schemas';

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
  liveLookup(handles: SiteHandle[]): Promise<FeedLookupResult['liveHosts']>;
  /** Every host live now on one feed site (the service caps the list: see `truncated`). */
  liveHosts(site: FeedSite): Promise<LiveHosts>;
  /** X's live hosts for the signed-in viewer: only the hosts they follow on Earshot (X handles cannot be verified). */
  followedLiveHostsOnX(): Promise<LiveHosts>;
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

const roomPath = (id: string) => `/v1/rooms/${encodeURIComponent(id)}`;
const done = async () => undefined;

/** Rooms to list and find: the directory, lookups from the feed, live hosts per site. */
function finding(request: ServiceRequest) {
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
      const query = new URLSearchParams({ site });
      const { hosts, truncated } = await request(LiveHostsSchema, `/v1/live-hosts?${query}`);
      return { hosts, truncated };
    },
    async followedLiveHostsOnX() {
      const { hosts, truncated } = await request(LiveHostsSchema, '/v1/me/live-hosts/x');
      return { hosts, truncated };
    },
  } satisfies Partial<RoomsApi>;
}

/** Accounts, sessions and follows. */
function accounts(request: ServiceRequest) {
  return {
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
  } satisfies Partial<RoomsApi>;
}

/** Joining, hosting and the stage. */
function rooms(request: ServiceRequest) {
  const post = (roomId: string, action: string, body: unknown = {}) =>
    request(Nothing, `${roomPath(roomId)}/${action}`, { method: 'POST', body }).then(done);
  return {
    join: (roomId) => request(JoinGrantSchema, `${roomPath(roomId)}/join`, { method: 'POST', body: {} }),
    async createRoom(input) {
      return (await request(RoomSchema, '/v1/rooms', { method: 'POST', body: input })).room;
    },
    async startRoom(roomId) {
      return (await request(RoomSchema, `${roomPath(roomId)}/start`, { method: 'POST', body: {} })).room;
    },
    endRoom: (roomId) => post(roomId, 'end'),
    setHandRaised: (roomId, raised) =>
      raised
        ? post(roomId, 'hand')
        : request(Nothing, `${roomPath(roomId)}/hand`, { method: 'DELETE' }).then(done),
    async handRaises(roomId) {
      return (await request(RequestsSchema, `${roomPath(roomId)}/requests`)).requests;
    },
    setOnStage: (roomId, accountId, onStage) => post(roomId, 'stage', { accountId, onStage }),
    muteSpeaker: (roomId, accountId) => post(roomId, 'mute', { accountId }),
    setCohost: (roomId, accountId, on) =>
      on
        ? post(roomId, 'cohosts', { accountId })
        : request(Nothing, `${roomPath(roomId)}/cohosts/${encodeURIComponent(accountId)}`, {
            method: 'DELETE',
          }).then(done),
    removeParticipant: (roomId, accountId) => post(roomId, 'bans', { accountId }),
    react: (roomId, emoji) => post(roomId, 'reactions', { emoji }),
  } satisfies Partial<RoomsApi>;
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
  const request = createServiceRequest(baseUrl, sessionToken, fetchImpl);
  return { ...finding(request), ...accounts(request), ...rooms(request) };
}

export type { FollowedAccount, HandRaise, JoinGrant, NewSession, Profile };
export { RoomsApiError };
