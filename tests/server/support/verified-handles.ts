/**
 * Marks handles verified straight in the database, as a passed proof would (server/identity/ does it for
 * real; tests/server/handles-*.test.ts check those proofs). For tests about what verified handles do.
 */
import type { Database } from '../../../server/db/database.ts';
import { createHandlesStore } from '../../../server/store/handles-store.ts';
import type { FeedSite } from '../../../wire/sites.ts';

export async function markHandlesVerified(
  service: { db: Database },
  accountId: string,
  handles: Array<{ site: string; handle: string }>,
): Promise<void> {
  const store = createHandlesStore(service.db);
  for (const handle of handles) {
    await store.markVerified(
      accountId,
      { site: handle.site as FeedSite, handle: handle.handle },
      { method: 'rel_me', subject: `test:${handle.handle}` },
      new Date(),
    );
  }
}
