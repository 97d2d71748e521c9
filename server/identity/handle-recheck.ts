/** One periodic re-check of a verified handle: kept, renamed (a Bluesky handle following its DID) or dropped. */
import type { Database } from '../db/database.ts';
import { createHandlesStore, type StoredHandle } from '../store/handles-store.ts';
import { createStores } from '../store/stores.ts';
import { type ProofContext, reproveHandle } from './handle-proofs.ts';
import { ProofFailed } from './proof.ts';

export interface RecheckDeps {
  db: Database;
  now: () => Date;
  ctx: ProofContext;
  /** How long after its last pass a handle whose server cannot be reached stays verified. */
  graceMs: number;
  profileUrl(username: string): string;
}

export async function recheckHandle(
  row: StoredHandle & { accountId: string },
  { db, now, ctx, graceMs, profileUrl }: RecheckDeps,
): Promise<'kept' | 'renamed' | 'dropped'> {
  const handles = createHandlesStore(db);
  const handle = { site: row.site, handle: row.handle };
  const at = now();
  try {
    const account = await createStores(db).accounts.byId(row.accountId);
    if (!account) return 'dropped';
    const proof = await reproveHandle(row, profileUrl(account.username), ctx);
    if (proof.subject !== row.subject) throw new ProofFailed('The handle now belongs to another account');
    if (proof.handle !== row.handle) {
      await db.transaction(async (tx) => {
        await createHandlesStore(tx).renameVerified(row.accountId, handle, proof.handle, at);
        await createHandlesStore(tx).markVerified(
          row.accountId,
          { site: row.site, handle: proof.handle },
          proof,
          at,
        );
      });
      return 'renamed';
    }
    await handles.markVerified(row.accountId, handle, proof, at);
    return 'kept';
  } catch (error) {
    const lastPassed = row.verifiedAt?.getTime() ?? 0;
    if (error instanceof ProofFailed || at.getTime() - lastPassed > graceMs) {
      await handles.markFailed(row.accountId, handle, at);
      return 'dropped';
    }
    await handles.markChecked(row.accountId, handle, at);
    return 'kept';
  }
}
