/**
 * Where the follow that brings a room comes from: the directory marks the rooms of hosts followed on Bluesky or
 * Mastodon (imported follows, matched through verified handles) with `followedVia`; hosts followed on Earshot
 * carry no mark. A message key, so each view translates with its own `t()`.
 */
import type { RoomSummary } from '@/wire/room-summary';
import type { MessageKey } from './i18n';

/** "via Bluesky", "via Mastodon", "via Bluesky and Mastodon", or null (followed on Earshot, or no directory). */
export function followedViaKey(room: Pick<RoomSummary, 'followedVia'>): MessageKey | null {
  const via = room.followedVia ?? [];
  const bsky = via.includes('bsky');
  const mastodon = via.includes('mastodon');
  if (bsky && mastodon) return 'followedViaBoth';
  if (bsky) return 'followedViaBsky';
  if (mastodon) return 'followedViaMastodon';
  return null;
}
