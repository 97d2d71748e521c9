/** Shapes of request bodies. Unknown fields are ignored; strings are trimmed before length checks. */
import * as v from 'valibot';
import { LIMITS } from '../wire/limits.ts';
import { REACTION_EMOJI } from '../wire/reactions.ts';
import { FEED_SITES, type FeedSite } from '../wire/sites.ts';

const trimmedText = (field: string, max: number) =>
  v.pipe(
    v.string(`${field} must be a string`),
    v.trim(),
    v.minLength(1, `${field} must not be empty`),
    v.maxLength(max, `${field} must be at most ${max} characters`),
  );

const { usernameMin, usernameMax, passwordMin, passwordMax, displayNameMax } = LIMITS;

export const USERNAME_PATTERN = new RegExp(
  `^[A-Za-z0-9][A-Za-z0-9_-]{${usernameMin - 1},${usernameMax - 1}}$`,
);

const Username = v.pipe(
  v.string('username must be a string'),
  v.trim(),
  v.regex(
    USERNAME_PATTERN,
    `username must be ${usernameMin} to ${usernameMax} letters, digits, _ or -, starting with a letter or digit`,
  ),
);

const Password = v.pipe(
  v.string('password must be a string'),
  v.minLength(passwordMin, `password must be at least ${passwordMin} characters`),
  v.maxLength(passwordMax, `password must be at most ${passwordMax} characters`),
);

export const SignUpBody = v.object({
  username: Username,
  password: Password,
  displayName: v.optional(trimmedText('displayName', displayNameMax)),
});

export const SignInBody = v.object({
  username: v.pipe(
    v.string('username must be a string'),
    v.trim(),
    v.maxLength(usernameMax, 'username is too long'),
  ),
  password: v.pipe(v.string('password must be a string'), v.maxLength(passwordMax, 'password is too long')),
});

const HandleSite = v.picklist(FEED_SITES, `site must be one of ${FEED_SITES.join(', ')}`);

/** Handle formats per site; a leading @ is allowed and dropped later. */
const handlePatterns: Record<FeedSite, RegExp> = {
  x: /^@?[A-Za-z0-9_]{1,15}$/,
  bsky: /^@?(?=.{3,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
  mastodon: /^@?[A-Za-z0-9_]{1,30}@(?=.{3,253}$)[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/,
};

const ClaimedHandle = v.pipe(
  v.object({ site: HandleSite, handle: v.pipe(v.string('handle must be a string'), v.trim()) }),
  v.check(
    (claim) => handlePatterns[claim.site].test(claim.handle),
    'handle does not look like a handle of that site (mastodon: user@instance)',
  ),
);

const HttpsUrl = v.pipe(
  v.string('avatarUrl must be a string'),
  v.trim(),
  v.maxLength(500, 'avatarUrl must be at most 500 characters'),
  v.url('avatarUrl must be a URL'),
  v.startsWith('https://', 'avatarUrl must be an https:// URL'),
);

export const UpdateProfileBody = v.object({
  displayName: v.optional(trimmedText('displayName', displayNameMax)),
  avatarUrl: v.optional(v.nullable(HttpsUrl)),
  handles: v.optional(
    v.pipe(
      v.array(ClaimedHandle, 'handles must be an array'),
      v.maxLength(LIMITS.handlesPerAccountMax, `at most ${LIMITS.handlesPerAccountMax} handles`),
    ),
  ),
});

const Language = v.pipe(
  v.string('language must be a string'),
  v.trim(),
  v.regex(
    /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/,
    'language must be a language tag such as "en" or "pt-BR"',
  ),
);

const FutureDate = v.pipe(
  v.string('scheduledFor must be a string'),
  v.isoTimestamp('scheduledFor must be an ISO 8601 timestamp with a time zone, e.g. 2030-01-31T18:00:00Z'),
  v.transform((value) => new Date(value)),
);

export const CreateRoomBody = v.object({
  title: trimmedText('title', LIMITS.roomTitleMax),
  description: v.optional(
    v.pipe(
      v.string('description must be a string'),
      v.trim(),
      v.maxLength(
        LIMITS.roomDescriptionMax,
        `description must be at most ${LIMITS.roomDescriptionMax} characters`,
      ),
    ),
  ),
  language: v.optional(Language),
  /** Absent: the room starts now. */
  scheduledFor: v.optional(FutureDate),
});

export const ReactionBody = v.object({
  emoji: v.picklist(REACTION_EMOJI, `emoji must be one of ${REACTION_EMOJI.join(' ')}`),
});

export const ListenBody = v.object({
  name: v.optional(trimmedText('name', displayNameMax)),
});

const RoomId = v.pipe(v.string('ids must be strings'), v.maxLength(40, 'ids must be at most 40 characters'));

export const RoomLookupBody = v.object({
  ids: v.pipe(
    v.array(RoomId, 'ids must be an array'),
    v.maxLength(LIMITS.lookupRoomIdsMax, `at most ${LIMITS.lookupRoomIdsMax} ids per request`),
  ),
});

export const LiveLookupBody = v.object({
  handles: v.pipe(
    v.array(
      v.object({
        site: HandleSite,
        handle: v.pipe(v.string('handle must be a string'), v.maxLength(300, 'handle is too long')),
      }),
      'handles must be an array',
    ),
    v.maxLength(LIMITS.lookupHandlesMax, `at most ${LIMITS.lookupHandlesMax} handles per request`),
  ),
});

/** Someone to act on: by account id or by username, exactly one of them. */
const Target = {
  accountId: v.optional(v.pipe(v.string('accountId must be a string'), v.maxLength(40))),
  username: v.optional(v.pipe(v.string('username must be a string'), v.trim(), v.maxLength(usernameMax))),
};
const oneTarget = (body: { accountId?: string; username?: string }) =>
  (body.accountId === undefined) !== (body.username === undefined);
const oneTargetMessage = 'give exactly one of accountId or username';

export const TargetBody = v.pipe(
  v.object(Target),
  v.check((body) => oneTarget(body), oneTargetMessage),
);

export const StageBody = v.pipe(
  v.object({ ...Target, onStage: v.boolean('onStage must be true or false') }),
  v.check((body) => oneTarget(body), oneTargetMessage),
);

/** POST /v1/me/handles/verify: one handle to check now (same formats as claimed handles). */
export const VerifyHandleBody = ClaimedHandle;

/** POST /v1/me/bluesky/oauth: whose authorization server to send the user to. */
export const BlueskyOAuthStartBody = v.object({
  handle: v.pipe(
    v.string('handle must be a string'),
    v.trim(),
    v.regex(handlePatterns.bsky, 'handle does not look like a Bluesky handle'),
  ),
});
