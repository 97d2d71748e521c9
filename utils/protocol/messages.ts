/**
 * Every message that crosses a context boundary (popup ↔ background ↔ offscreen engine), as valibot schemas.
 * Each message names its `target`; a context answers only messages addressed to it and validates them first,
 * so a malformed message gets a clear error and changes nothing.
 */
import * as v from 'valibot';
import { REACTION_EMOJI } from '../../wire/reactions';

const roomId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'));
const accountId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an account id'));
const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));
const username = v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(30));
const password = v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200));
const request = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ target: v.literal('background'), type: v.literal(type), ...entries });

// ---- popup / content scripts → background -------------------------------------------------------------

export const FEED_SITES = ['x', 'bsky', 'mastodon'] as const;
export type FeedSite = (typeof FEED_SITES)[number];

/** An account handle on a feed site, as a content script found it on a post. */
const HostHandleSchema = v.strictObject({
  site: v.picklist(FEED_SITES),
  handle: v.pipe(v.string(), v.minLength(1), v.maxLength(320)),
});
export type HostHandle = v.InferOutput<typeof HostHandleSchema>;

export const BackgroundRequest = v.variant('type', [
  v.strictObject({ target: v.literal('background'), type: v.literal('session:get') }),
  /** A content script asks for the session and to be told of its changes (tab messages). */
  v.strictObject({ target: v.literal('background'), type: v.literal('session:watch') }),
  v.strictObject({ target: v.literal('background'), type: v.literal('rooms:list') }),
  /** What the feed content script needs to know of the settings (it cannot read extension storage). */
  v.strictObject({ target: v.literal('background'), type: v.literal('feed:config') }),
  /** Live and upcoming rooms for the room bar and the popup. */
  v.strictObject({ target: v.literal('background'), type: v.literal('directory:get') }),
  /** One request per batch of new posts: rooms linked from posts, and which post authors host a live room. */
  v.strictObject({
    target: v.literal('background'),
    type: v.literal('feed:lookup'),
    roomIds: v.pipe(v.array(roomId), v.maxLength(100)),
    hosts: v.pipe(v.array(HostHandleSchema), v.maxLength(200)),
  }),
  /** Every host live now on the content script's site (polled), so post authors are matched locally. */
  v.strictObject({
    target: v.literal('background'),
    type: v.literal('feed:live-hosts'),
    site: v.picklist(FEED_SITES),
  }),
  v.strictObject({ target: v.literal('background'), type: v.literal('room:join'), roomId }),
  v.strictObject({ target: v.literal('background'), type: v.literal('room:leave') }),
  /** Unmute (publishing the microphone the first time) or mute. */
  v.strictObject({
    target: v.literal('background'),
    type: v.literal('room:microphone'),
    enabled: v.boolean(),
  }),
  /** The microphone permission page got the user's permission. */
  v.strictObject({ target: v.literal('background'), type: v.literal('microphone:granted') }),
  // Accounts and follows. The session token never leaves the background; views get the profile.
  request('account:get', {}),
  request('account:sign-in', { username, password }),
  request('account:sign-up', {
    username,
    password,
    displayName: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(50))),
  }),
  request('account:sign-out', {}),
  request('accounts:search', { prefix: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(30)) }),
  /** Usernames the signed-in user follows. */
  request('follows:list', {}),
  request('follow:set', { username, following: v.boolean() }),
  // Hosting and the stage.
  request('room:create', {
    title: v.pipe(v.string(), v.trim(), v.minLength(1, 'is required'), v.maxLength(100)),
    description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(500))),
    scheduledFor: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  }),
  request('room:start', { roomId }),
  /** The feed's "Start a room": open the popup at its start form (a content script cannot open the popup). */
  request('popup:start-room', {}),
  request('room:end', {}),
  request('room:hand', { raised: v.boolean() }),
  request('room:requests', {}),
  request('room:stage', { accountId, onStage: v.boolean() }),
  request('room:mute-speaker', { accountId }),
  request('room:cohost', { accountId, on: v.boolean() }),
  request('room:remove', { accountId }),
  request('room:react', { emoji: v.picklist(REACTION_EMOJI) }),
  /** Remind me (or stop reminding me) when a scheduled room starts. */
  request('room:remind', { roomId, title: shortText(100), on: v.boolean() }),
  /** Rooms the user asked to be reminded of: id → title. */
  request('reminders:list', {}),
  /** Sent by the engine when someone in its room reacts. */
  v.strictObject({
    target: v.literal('background'),
    type: v.literal('engine:reaction'),
    roomId,
    reaction: v.lazy(() => ReactionSchema),
  }),
  /** Sent by the engine when its room changes; carries the engine's snapshot. */
  v.strictObject({
    target: v.literal('background'),
    type: v.literal('engine:changed'),
    snapshot: v.lazy(() => EngineSnapshotSchema),
  }),
]);
export type BackgroundRequest = v.InferOutput<typeof BackgroundRequest>;

// ---- background → engine ------------------------------------------------------------------------------

export const EngineCommand = v.variant('type', [
  v.strictObject({
    target: v.literal('engine'),
    type: v.literal('engine:connect'),
    roomId,
    url: v.pipe(v.string(), v.url(), v.regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')),
    token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
  }),
  v.strictObject({ target: v.literal('engine'), type: v.literal('engine:disconnect') }),
  v.strictObject({ target: v.literal('engine'), type: v.literal('engine:snapshot') }),
  /** Publish (or mute) the microphone. LiveKit refuses it unless this participant may speak. */
  v.strictObject({
    target: v.literal('engine'),
    type: v.literal('engine:microphone'),
    enabled: v.boolean(),
    deviceId: v.optional(v.pipe(v.string(), v.maxLength(256))),
  }),
  v.strictObject({ target: v.literal('engine'), type: v.literal('engine:stats') }),
]);
export type EngineCommand = v.InferOutput<typeof EngineCommand>;

// ---- background → views -------------------------------------------------------------------------------

export interface SessionChangedEvent {
  target: 'views';
  type: 'session:changed';
  state: import('./session-state').SessionState;
}

export interface FeedConfig {
  serviceUrl: string;
}

/** The settings content scripts depend on changed. */
export interface ConfigChangedEvent extends FeedConfig {
  target: 'views';
  type: 'config:changed';
}

export interface ReactionEvent {
  target: 'views';
  type: 'room:reaction';
  roomId: string;
  reaction: import('./session-state').Reaction;
}

// ---- shapes shared by several messages ----------------------------------------------------------------

const role = v.picklist(['host', 'cohost', 'speaker', 'listener']);

const StageParticipantSchema = v.strictObject({
  identity: shortText(256),
  name: shortText(256),
  isSpeaking: v.boolean(),
  isLocal: v.boolean(),
  isMuted: v.boolean(),
  role,
});

export const ReactionSchema = v.strictObject({
  identity: shortText(256),
  name: shortText(256),
  emoji: v.picklist(REACTION_EMOJI),
});

export const EngineSnapshotSchema = v.strictObject({
  status: v.picklist(['idle', 'joining', 'connected', 'reconnecting', 'error']),
  roomId: v.nullable(roomId),
  speakers: v.pipe(v.array(StageParticipantSchema), v.maxLength(500)),
  listenerCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  local: v.nullable(
    v.strictObject({ identity: shortText(256), role, canPublish: v.boolean(), micEnabled: v.boolean() }),
  ),
  endedReason: v.nullable(shortText(200)),
});

// ---- replies ------------------------------------------------------------------------------------------

/** `unreachable`: the rooms service could not be reached (offline, or the service is down): worth retrying. */
export type ErrorCode = 'invalid_message' | 'failed' | 'unreachable';
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Reply<never> => ({
  ok: false,
  error: { code, message },
});

/** Validates `raw` against `schema`; a failure names the message type and the offending field. */
export function parseMessage<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
): { ok: true; message: v.InferOutput<S> } | { ok: false; reply: Reply<never> } {
  const result = v.safeParse(schema, raw);
  if (result.success) return { ok: true, message: result.output };
  const type =
    typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : '?';
  return {
    ok: false,
    reply: fail('invalid_message', `Invalid message "${type}": ${v.summarize(result.issues)}`),
  };
}

/** Unwraps a reply, turning an error reply into a thrown Error with the same message. */
export function unwrap<T>(reply: Reply<T> | undefined, what: string): T {
  if (!reply) throw new Error(`${what}: no answer`);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

/** True for messages addressed to `target`. */
export function isFor(raw: unknown, target: 'background' | 'engine' | 'views'): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { target?: unknown }).target === target;
}
