/**
 * The directory with the rooms of hosts the user follows on Bluesky or Mastodon (imported follows, matched
 * through verified handles) merged in, each marked `followedVia`; hosts followed on Earshot stay unmarked.
 */
import type { Directory, RoomSummary } from '../../wire/room-summary.ts';
import type { Database } from '../db/database.ts';
import { summarizeRoom } from '../room-summary.ts';
import { createImportedFollowsStore } from '../store/imported-follows-store.ts';

const byListeners = (a: RoomSummary, b: RoomSummary) =>
  b.listenerCount - a.listenerCount ||
  (b.startedAt ?? '').localeCompare(a.startedAt ?? '') ||
  a.id.localeCompare(b.id);
const bySchedule = (a: RoomSummary, b: RoomSummary) =>
  (a.scheduledFor ?? '').localeCompare(b.scheduledFor ?? '') || a.id.localeCompare(b.id);

export async function withImportedFollows(
  deps: { db: Database; publicUrl: string },
  accountId: string,
  directory: Directory,
): Promise<Directory> {
  const imported = await createImportedFollowsStore(deps.db).roomsOfImportedHosts(accountId);
  if (imported.length === 0) return directory;
  const known = new Set([...directory.live, ...directory.upcoming].map((room) => room.id));
  const extra = imported
    .filter(({ room }) => !known.has(room.id))
    .map(({ room, via }) => ({ ...summarizeRoom(room, deps.publicUrl), followedVia: via }));
  return {
    live: [...directory.live, ...extra.filter((r) => r.state === 'live')].sort(byListeners),
    upcoming: [...directory.upcoming, ...extra.filter((r) => r.state === 'scheduled')].sort(bySchedule),
  };
}

/** Those of `candidateIds` who imported a follow of `hostId` (through one of its verified handles). */
export async function importersAmong(
  db: Database,
  hostId: string,
  candidateIds: readonly string[],
): Promise<string[]> {
  if (candidateIds.length === 0) return [];
  const rows = await db.query<{ account_id: string }>(
    `SELECT DISTINCT f.account_id FROM claimed_handles h
     JOIN imported_follows f ON f.site = h.site AND f.target = h.subject
     WHERE h.account_id = $1 AND h.verified_at IS NOT NULL AND f.account_id = ANY($2::text[])
       AND f.account_id <> $1`,
    [hostId, candidateIds],
  );
  return rows.map((row) => row.account_id);
}
