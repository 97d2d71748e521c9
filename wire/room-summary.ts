/** How the rooms service describes a room to every client (directory, lookups, joins, live updates). */

export type RoomState = 'scheduled' | 'live' | 'ended';

export interface RoomSummary {
  /** 10 characters [A-Za-z0-9] */
  id: string;
  title: string;
  description: string;
  /** A language tag such as "en", or null when the host did not say. */
  language: string | null;
  /** The host's display name. */
  hostName: string;
  hostUsername: string;
  state: RoomState;
  /** Participants without publish permission. */
  listenerCount: number;
  /** Participants allowed to publish (host, cohosts, speakers on stage). */
  speakerCount: number;
  /** ISO 8601; null only for a scheduled room. */
  startedAt: string | null;
  /** ISO 8601, when the room was announced for; null for rooms started at once. */
  scheduledFor: string | null;
  /** `<PUBLIC_URL>/r/<id>`: a public page about the room. */
  shareUrl: string;
  /**
   * In the directory: the host is followed on these sites (follows imported from the user's linked account,
   * matched through the host's verified handle); absent when the user follows the host on Earshot.
   */
  followedVia?: Array<'bsky' | 'mastodon'>;
}

/** Live and upcoming rooms, as `GET /v1/directory` answers. */
export interface Directory {
  live: RoomSummary[];
  upcoming: RoomSummary[];
}

/** Share links: `<public URL of the service>/r/<room id>`. */
export const shareUrlOf = (publicUrl: string, roomId: string) => `${publicUrl}/r/${roomId}`;
