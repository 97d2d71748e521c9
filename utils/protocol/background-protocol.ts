/**
 * Every request the background answers, in one map: the request's fields as valibot entries (validated when
 * it arrives) and the type of its answer. Views call `ask('room:join', { roomId })` (utils/protocol/ask.ts)
 * and get the answer's type; the hub's handlers are checked against this map with `satisfies`.
 *
 * Content scripts import this module's *types* only (`import type`), so valibot stays out of their bundle.
 * Schemas are built the first time the background validates a message, not when this module loads.
 */
import * as v from 'valibot';
import type { HandRaise, Profile } from '@/wire/accounts';
import { LIMITS } from '@/wire/limits';
import { REACTION_EMOJI } from '@/wire/reactions';
import type { Directory, RoomSummary } from '@/wire/room-summary';
import { FEED_SITES } from '@/wire/sites';
import type { IdentityState } from './identity-state';
import { type AnswerIn, answer, entry, protocolSchema } from './protocol-map';
import type { ServerChoice, ServerSetting } from './server-address';
import type { AccountState, FeedConfig, FeedLookupResult, LiveHosts, SessionState } from './session-state';
import { accountId, EngineSnapshotSchema, ReactionSchema, roomId, shortText } from './shapes';

const message = entry;

const username = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(LIMITS.usernameMax));
const password = v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(LIMITS.passwordMax));
const hostHandle = v.strictObject({
  site: v.picklist(FEED_SITES),
  handle: v.pipe(v.string(), v.minLength(1), v.maxLength(320)),
});

export const BACKGROUND_PROTOCOL = {
  // ---- session and directory (pages and the feed) ----
  'session:get': message({}, answer<SessionState>()),
  /** A content script asks for the session and to be told of its changes (tab messages). */
  'session:watch': message({}, answer<SessionState>()),
  'rooms:list': message({}, answer<RoomSummary[]>()),
  /** What the feed content script needs to know of the settings (it cannot read extension storage). */
  'feed:config': message({}, answer<FeedConfig>()),
  /** Live and upcoming rooms for the room bar and the popup. */
  'directory:get': message({}, answer<Directory>()),
  /** One request per batch of new posts: rooms linked from posts, and which post authors host a live room. */
  'feed:lookup': message(
    {
      roomIds: v.pipe(v.array(roomId), v.maxLength(LIMITS.lookupRoomIdsMax)),
      hosts: v.pipe(v.array(hostHandle), v.maxLength(LIMITS.lookupHandlesMax)),
    },
    answer<FeedLookupResult>(),
  ),
  /** Every host live now on the content script's site (polled), so post authors are matched locally. */
  'feed:live-hosts': message({ site: v.picklist(FEED_SITES) }, answer<LiveHosts>()),

  // ---- listening ----
  'room:join': message({ roomId }, answer<SessionState>()),
  'room:leave': message({}, answer<SessionState>()),
  /** Unmute (publishing the microphone the first time) or mute. */
  'room:microphone': message({ enabled: v.boolean() }, answer<SessionState>()),
  /** The microphone permission page got the user's permission. */
  'microphone:granted': message({}, answer<SessionState>()),

  // ---- accounts and follows: the session token never leaves the background; views get the profile ----
  'account:get': message({}, answer<AccountState>()),
  'account:sign-in': message({ username, password }, answer<AccountState>()),
  'account:sign-up': message(
    {
      username,
      password,
      displayName: v.optional(
        v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.displayNameMax)),
      ),
    },
    answer<AccountState>(),
  ),
  'account:sign-out': message({}, answer<AccountState>()),
  'accounts:search': message(
    { prefix: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.usernameMax)) },
    answer<Profile[]>(),
  ),
  /** Usernames the signed-in user follows. */
  'follows:list': message({}, answer<string[]>()),
  'follow:set': message({ username, following: v.boolean() }, answer<null>()),

  // ---- hosting and the stage ----
  'room:create': message(
    {
      title: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(LIMITS.roomTitleMax)),
      description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.roomDescriptionMax))),
      scheduledFor: v.optional(v.pipe(v.string(), v.isoTimestamp())),
    },
    answer<{ room: RoomSummary; session: SessionState }>(),
  ),
  'room:start': message({ roomId }, answer<SessionState>()),
  /** The feed's "Start a room": open the popup at its start form (a content script cannot open the popup). */
  'popup:start-room': message({}, answer<'popup' | 'window' | null>()),
  'room:end': message({}, answer<SessionState>()),
  'room:hand': message({ raised: v.boolean() }, answer<SessionState>()),
  'room:requests': message({}, answer<HandRaise[]>()),
  'room:stage': message({ accountId, onStage: v.boolean() }, answer<null>()),
  'room:mute-speaker': message({ accountId }, answer<null>()),
  'room:cohost': message({ accountId, on: v.boolean() }, answer<null>()),
  'room:remove': message({ accountId }, answer<null>()),
  'room:react': message({ emoji: v.picklist(REACTION_EMOJI) }, answer<null>()),
  /** Remind me (or stop reminding me) when a scheduled room starts. Answers every reminder: id → title. */
  'room:remind': message(
    { roomId, title: shortText(LIMITS.roomTitleMax), on: v.boolean() },
    answer<Record<string, string>>(),
  ),
  /** Rooms the user asked to be reminded of: id → title. */
  'reminders:list': message({}, answer<Record<string, string>>()),

  // ---- which Earshot server ----
  /** The server in use, whether the user chose it yet, and the build's default. */
  'server:get': message({}, answer<ServerSetting>()),
  /**
   * Use this server from now on: checked first (an Earshot /health within a few seconds); a different server
   * signs out of the old one and leaves its room. The page asked the browser for access before (a user gesture).
   */
  'server:choose': message({ url: v.pipe(v.string(), v.maxLength(2048)) }, answer<ServerChoice>()),

  // ---- linked accounts (options page): verified handles and imported follows ----
  'identity:get': message({}, answer<IdentityState>()),
  /** Claims the handle and checks it now (the link must already be on that profile). */
  'identity:verify': message(
    {
      site: v.picklist(['bsky', 'mastodon']),
      handle: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(320)),
    },
    answer<IdentityState>(),
  ),
  /** The X handle: claimed only (no check exists); empty removes it. */
  'identity:claim-x': message(
    { handle: v.pipe(v.string(), v.trim(), v.maxLength(16)) },
    answer<IdentityState>(),
  ),
  /** "Sign in with Bluesky": opens the user's authorization page in a tab. */
  'identity:bluesky-oauth': message(
    { handle: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(253)) },
    answer<null>(),
  ),
  'identity:import': message({ site: v.picklist(['bsky', 'mastodon']) }, answer<IdentityState>()),
  'identity:remove-import': message({ site: v.picklist(['bsky', 'mastodon']) }, answer<IdentityState>()),

  // ---- from the engine ----
  /** Someone in the engine's room reacted. */
  'engine:reaction': message({ roomId, reaction: ReactionSchema }, answer<null>()),
  /** The engine's room changed; carries the engine's snapshot. */
  'engine:changed': message({ snapshot: EngineSnapshotSchema }, answer<SessionState>()),
} as const;

type Protocol = typeof BACKGROUND_PROTOCOL;
export type BackgroundRequestType = keyof Protocol;

/** The fields of a request of type `T` (without `target` and `type`). */
export type RequestOf<T extends BackgroundRequestType> = Protocol[T]['fields'];
/** What the background answers to a request of type `T`. */
export type AnswerOf<T extends BackgroundRequestType> = AnswerIn<Protocol[T]>;

/** A whole request of type `T`, as sent over `runtime.sendMessage`. */
export type BackgroundMessage<T extends BackgroundRequestType = BackgroundRequestType> = {
  [K in T]: { target: 'background'; type: K } & RequestOf<K>;
}[T];
/** Any request the background answers. */
export type BackgroundRequest = BackgroundMessage;

let schema: v.GenericSchema<unknown, BackgroundRequest> | undefined;
/** The schema of every background request (a variant on `type`), built on first use. */
export function backgroundRequestSchema(): v.GenericSchema<unknown, BackgroundRequest> {
  schema ??= protocolSchema<BackgroundRequest>('background', BACKGROUND_PROTOCOL);
  return schema;
}
