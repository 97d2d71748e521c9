/** valibot shapes used by several messages (ids, reactions, the engine's snapshot). */
import * as v from 'valibot';
import { REACTION_EMOJI } from '@/wire/reactions';
import { ROOM_ROLES } from '@/wire/roles';

export const roomId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, - or _'),
);
export const accountId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an account id'));
export const shortText = (max: number) => v.pipe(v.string(), v.maxLength(max));

const role = v.picklist(ROOM_ROLES);

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
