/** Accounts as the rooms service shows them to clients. */
import type { FeedSite } from './sites';

/** A handle someone claimed on a feed site, and whether the service checked it. */
export interface ClaimedHandle {
  site: FeedSite;
  handle: string;
  status: string;
}

export interface Profile {
  id: string;
  username: string;
  displayName: string;
  avatarUrl: string | null;
  handles?: ClaimedHandle[];
}

/** Someone in the audience who asked to speak. */
export interface HandRaise {
  accountId: string;
  username: string;
  displayName: string;
  raisedAt: string;
}

export interface FollowedAccount {
  id: string;
  username: string;
  displayName: string;
}
