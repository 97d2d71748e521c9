/** What the options page shows about linked accounts: handles (claimed or verified) and imported follows. */
import type { FeedSite } from '@/wire/sites';

export type VerifiableSite = 'bsky' | 'mastodon';

export interface LinkedHandle {
  site: FeedSite;
  handle: string;
  status: 'claimed' | 'verified';
}

export interface FollowImportState {
  site: VerifiableSite;
  /** The linked handle it came from, or null when that handle is no longer verified. */
  handle: string | null;
  followCount: number;
  truncated: boolean;
  syncedAt: string;
}

export interface IdentityState {
  /** The Earshot profile address to put in a Mastodon field or the Bluesky description; null when signed out. */
  profileUrl: string | null;
  handles: LinkedHandle[];
  imports: FollowImportState[];
}
