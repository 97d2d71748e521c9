/** What the rooms service answers, as valibot schemas: every response is validated before the background uses it. */
import * as v from 'valibot';
import type { Profile } from '@/wire/accounts';
import { ROOM_ROLES } from '@/wire/roles';
import type { RoomState, RoomSummary } from '@/wire/room-summary';
import { FEED_SITES } from '@/wire/sites';

const ROOM_STATES = ['scheduled', 'live', 'ended'] as const satisfies readonly RoomState[];

/** Produces exactly the wire's RoomSummary (checked below), so the rest of the extension uses that one type. */
export const RoomSummarySchema = v.object({
  id: v.string(),
  title: v.string(),
  description: v.string(),
  language: v.nullable(v.string()),
  hostName: v.string(),
  hostUsername: v.string(),
  state: v.picklist(ROOM_STATES),
  listenerCount: v.number(),
  speakerCount: v.number(),
  startedAt: v.nullable(v.string()),
  scheduledFor: v.nullable(v.string()),
  shareUrl: v.string(),
  followedVia: v.optional(v.array(v.picklist(['bsky', 'mastodon']))),
}) satisfies v.GenericSchema<unknown, RoomSummary>;

export const RoomListSchema = v.object({ rooms: v.array(RoomSummarySchema) });
export const RoomSchema = v.object({ room: RoomSummarySchema });
export const DirectorySchema = v.object({
  live: v.array(RoomSummarySchema),
  upcoming: v.array(RoomSummarySchema),
});
export const LiveLookupSchema = v.object({
  matches: v.array(v.object({ site: v.picklist(FEED_SITES), handle: v.string(), room: RoomSummarySchema })),
});
export const LiveHostsSchema = v.object({
  hosts: v.array(v.object({ handle: v.string(), room: RoomSummarySchema })),
  truncated: v.boolean(),
});
export const JoinGrantSchema = v.object({
  url: v.string(),
  token: v.string(),
  identity: v.optional(v.string()),
  role: v.optional(v.picklist(ROOM_ROLES)),
  room: RoomSummarySchema,
});
export const ProfileSchema = v.object({
  id: v.string(),
  username: v.string(),
  displayName: v.string(),
  avatarUrl: v.nullable(v.string()),
  handles: v.optional(
    v.array(v.object({ site: v.picklist(FEED_SITES), handle: v.string(), status: v.string() })),
  ),
}) satisfies v.GenericSchema<unknown, Profile>;
export const NewSessionSchema = v.object({
  account: ProfileSchema,
  session: v.object({ token: v.string(), expiresAt: v.string() }),
});
export const AccountListSchema = v.object({ accounts: v.array(ProfileSchema) });
export const FollowListSchema = v.object({
  accounts: v.array(v.object({ id: v.string(), username: v.string(), displayName: v.string() })),
  nextCursor: v.nullable(v.string()),
});
export const RequestsSchema = v.object({
  requests: v.array(
    v.object({ accountId: v.string(), username: v.string(), displayName: v.string(), raisedAt: v.string() }),
  ),
});
export const ErrorBodySchema = v.object({ error: v.object({ code: v.string(), message: v.string() }) });
/** An answer whose body does not matter (204, or an acknowledgement). */
export const Nothing = v.unknown();

export type JoinGrant = v.InferOutput<typeof JoinGrantSchema>;
export type NewSession = v.InferOutput<typeof NewSessionSchema>;
