/** Who someone is in a room. The rooms service grants LiveKit permissions by role; every client shows it. */

export const ROOM_ROLES = ['host', 'cohost', 'speaker', 'listener'] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];

/** Roles allowed to publish audio (on stage). */
export const STAGE_ROLES_ON_STAGE: readonly RoomRole[] = ['host', 'cohost', 'speaker'];

/** Host and cohosts run the room: they take requests to speak, invite, mute, remove and end. */
export const isModeratorRole = (role: RoomRole) => role === 'host' || role === 'cohost';
