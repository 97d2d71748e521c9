/**
 * What the popup shows at once when it opens, before it has asked anyone: the last account and directory the
 * background saw, kept in extension storage by the background (stale-while-revalidate: the popup then asks the
 * background as usual and replaces it). Types only.
 */
import type { Profile } from '@/wire/accounts';
import type { Directory } from '@/wire/room-summary';

export interface ViewSnapshot {
  /** The server these lists came from: a snapshot of another server is never shown. */
  serviceUrl: string;
  /** The signed-in account when they were loaded (null: signed out). */
  profile: Profile | null;
  /** Live and upcoming rooms as last loaded for that account, and when. */
  directory: Directory | null;
  directoryAt: number | null;
  /** Usernames that account follows. */
  following: string[] | null;
}
