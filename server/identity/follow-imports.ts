/**
 * Importing who a user follows on Bluesky or Mastodon, from the account they verified there: on demand and
 * periodically. The list is read in full first and stored in one transaction (nothing half-saved); it is used
 * only to show the user rooms by those hosts (matched through the hosts' verified handles) and is deleted at
 * once on request.
 */
import type { RoomSummary } from '../../wire/room-summary.ts';
import { ApiError } from '../api-error.ts';
import type { Database } from '../db/database.ts';
import { summarizeRoom } from '../room-summary.ts';
import { createHandlesStore } from '../store/handles-store.ts';
import { createImportedFollowsStore, type ImportSite } from '../store/imported-follows-store.ts';
import { blueskyFollows, type FollowList, mastodonFollows } from './follow-lists.ts';
import { proofError } from './handle-proofs.ts';
import type { OutboundSettings } from './outbound-fetch.ts';

export interface FollowImportSettings {
  /** Where Bluesky follows are read. Default https://public.api.bsky.app. */
  appviewUrl?: string;
  /** Most follows kept per import. Default 20,000. */
  maxFollows?: number;
  /** Whole-list time limit. Default 60 s. */
  deadlineMs?: number;
  /** Imports older than this are synced again by the periodic job. Default 6 h. */
  syncAfterMs?: number;
}

export interface FollowImportStatus {
  site: ImportSite;
  /** The linked account's handle now (null when it is no longer verified: the import stays until removed or synced). */
  handle: string | null;
  followCount: number;
  truncated: boolean;
  syncedAt: string;
}

export interface ImportedRoom extends RoomSummary {
  /** Where the follow comes from. */
  via: ImportSite[];
}

export function createFollowImports(deps: {
  db: Database;
  now: () => Date;
  publicUrl: string;
  outbound: OutboundSettings;
  settings?: FollowImportSettings;
}) {
  const { db, now, settings = {} } = deps;
  const appviewUrl = (settings.appviewUrl ?? 'https://public.api.bsky.app').replace(/\/+$/, '');
  const list = {
    outbound: deps.outbound,
    max: settings.maxFollows ?? 20_000,
    deadlineMs: settings.deadlineMs ?? 60_000,
  };

  /** The account's verified handle on `site` (the import's source), or a 409 saying to verify one first. */
  async function linked(accountId: string, site: ImportSite) {
    const handle = (await createHandlesStore(db).ofAccount(accountId)).find(
      (h) => h.site === site && h.verifiedAt,
    );
    if (!handle?.subject) {
      throw new ApiError(
        422,
        'verification_failed',
        `Verify your ${site === 'bsky' ? 'Bluesky' : 'Mastodon'} handle first`,
      );
    }
    return { handle: handle.handle, subject: handle.subject };
  }

  const imports = {
    /** Reads the follow list now and replaces the stored one; the new status. */
    async sync(accountId: string, site: ImportSite): Promise<FollowImportStatus> {
      const source = await linked(accountId, site);
      let follows: FollowList;
      try {
        follows =
          site === 'bsky'
            ? await blueskyFollows(source.subject, appviewUrl, list)
            : await mastodonFollows(source.handle, list);
      } catch (error) {
        throw proofError(error);
      }
      const at = now();
      await db.transaction((tx) =>
        createImportedFollowsStore(tx).replace(
          accountId,
          site,
          source.subject,
          follows.targets,
          follows.truncated,
          at,
        ),
      );
      return (await imports.status(accountId)).find((s) => s.site === site)!;
    },

    remove: (accountId: string, site?: ImportSite) => createImportedFollowsStore(db).remove(accountId, site),

    async status(accountId: string): Promise<FollowImportStatus[]> {
      const handles = await createHandlesStore(db).ofAccount(accountId);
      return (await createImportedFollowsStore(db).imports(accountId)).map((row) => ({
        site: row.site,
        handle:
          handles.find((h) => h.site === row.site && h.verifiedAt && h.subject === row.source)?.handle ??
          null,
        followCount: row.followCount,
        truncated: row.truncated,
        syncedAt: row.syncedAt.toISOString(),
      }));
    },

    /** Live and upcoming rooms of hosts the account follows on Bluesky or Mastodon. */
    async rooms(accountId: string): Promise<{ live: ImportedRoom[]; upcoming: ImportedRoom[] }> {
      const found = await createImportedFollowsStore(db).roomsOfImportedHosts(accountId);
      const rooms = found.map(({ room, via }) => ({ ...summarizeRoom(room, deps.publicUrl), via }));
      return {
        live: rooms.filter((r) => r.state === 'live'),
        upcoming: rooms.filter((r) => r.state === 'scheduled'),
      };
    },

    /** Syncs the imports due (oldest first); failures keep the previous list until the next try. */
    async syncDue(limit = 20): Promise<number> {
      const before = new Date(now().getTime() - (settings.syncAfterMs ?? 6 * 3600_000));
      const due = await createImportedFollowsStore(db).dueForSync(before, limit);
      let synced = 0;
      for (const { accountId, site } of due) {
        synced += await imports.sync(accountId, site).then(
          () => 1,
          () => 0,
        );
      }
      return synced;
    },
  };
  return imports;
}

export type FollowImports = ReturnType<typeof createFollowImports>;
