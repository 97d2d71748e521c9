/**
 * Verifying handles on demand (POST /v1/me/handles/verify) and checking verified ones again periodically:
 * a handle whose proof no longer passes (link removed, handle moved to another DID or account) goes back to
 * being a claim, and so loses its Live chips, within `recheckAfterMs + recheckEveryMs` (default 40 min).
 */
import type { SiteHandle } from '../../wire/sites.ts';
import { unauthenticated } from '../api-error.ts';
import type { Database } from '../db/database.ts';
import { createHandlesStore, normalizeHandle } from '../store/handles-store.ts';
import { createStores } from '../store/stores.ts';
import { type BlueskyOAuth, createBlueskyOAuth } from './bluesky-oauth.ts';
import { createFollowImports, type FollowImportSettings } from './follow-imports.ts';
import { type ProofContext, proofError, proveHandle } from './handle-proofs.ts';
import { recheckHandle } from './handle-recheck.ts';
import type { OutboundSettings } from './outbound-fetch.ts';

export interface IdentitySettings {
  /** How the service reaches other servers (tests allow loopback here). */
  outbound?: OutboundSettings;
  /** Where did:plc documents are read. Default https://plc.directory. */
  plcUrl?: string;
  /** How often the re-check job runs. Default 10 min; 0 turns the job off. */
  recheckEveryMs?: number;
  /** A verified handle is checked again once its last check is older than this. Default 30 min. */
  recheckAfterMs?: number;
  /**
   * A verified handle whose server cannot be reached (down, slow, garbage) keeps its verification this long
   * after it last passed, then goes back to a claim. Default 1 h.
   */
  unreachableGraceMs?: number;
  /** Follow lists imported from Bluesky and Mastodon (AppView address, bounds, periodic sync). */
  follows?: FollowImportSettings;
}

export interface IdentityDeps {
  db: Database;
  now: () => Date;
  publicUrl: string;
  settings?: IdentitySettings;
}

/** The address of an account's Earshot profile page, the one users put on their other profiles. */
export const profileUrlOf = (publicUrl: string, username: string) =>
  `${publicUrl}/u/${encodeURIComponent(username.toLowerCase())}`;

type Outcome = 'kept' | 'renamed' | 'dropped';

export function createIdentity({ db, now, publicUrl, settings = {} }: IdentityDeps) {
  const handles = createHandlesStore(db);
  const ctx: ProofContext = {
    outbound: settings.outbound ?? {},
    plcUrl: (settings.plcUrl ?? 'https://plc.directory').replace(/\/+$/, ''),
  };
  const recheckAfterMs = settings.recheckAfterMs ?? 30 * 60_000;
  const recheckDeps = {
    db,
    now,
    ctx,
    graceMs: settings.unreachableGraceMs ?? 60 * 60_000,
    profileUrl: (username: string) => profileUrlOf(publicUrl, username),
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<unknown> | undefined;

  // Built on first use: the OAuth client loads its keys and resolvers lazily, and most tests never sign in.
  let oauth: BlueskyOAuth | undefined;
  const follows = createFollowImports({
    db,
    now,
    publicUrl,
    outbound: ctx.outbound,
    settings: settings.follows,
  });

  const identity = {
    db,
    publicUrl,
    /** Follow lists imported from the verified Bluesky and Mastodon accounts. */
    follows,
    /** "Sign in with Bluesky" (AT Protocol OAuth). */
    blueskyOAuth: (): BlueskyOAuth => {
      oauth ??= createBlueskyOAuth({ db, now, publicUrl, ctx });
      return oauth;
    },
    profileUrl: (username: string) => profileUrlOf(publicUrl, username),

    /**
     * Checks the proof for one handle now; on success the handle is the account's, verified (and claimed
     * if it was not). Nothing is stored when the check fails.
     */
    async verify(accountId: string, claim: SiteHandle): Promise<void> {
      const account = await createStores(db).accounts.byId(accountId);
      if (!account) throw unauthenticated();
      const handle = normalizeHandle(claim.handle);
      const proof = await proveHandle(
        claim.site,
        handle,
        profileUrlOf(publicUrl, account.username),
        ctx,
      ).catch((error: unknown) => {
        throw proofError(error);
      });
      await db.transaction((tx) =>
        createHandlesStore(tx).markVerified(
          accountId,
          { site: claim.site, handle: proof.handle },
          proof,
          now(),
        ),
      );
    },

    /** Checks again every verified handle due (oldest first, `limit` at most); counts by outcome. */
    async recheckDue(limit = 200): Promise<Record<Outcome, number>> {
      const due = await handles.dueForCheck(new Date(now().getTime() - recheckAfterMs), limit);
      const counts = { kept: 0, renamed: 0, dropped: 0 };
      for (const row of due) counts[await recheckHandle(row, recheckDeps)] += 1;
      return counts;
    },

    /** Starts the periodic re-check and follows sync (unless recheckEveryMs is 0). */
    start(): void {
      const every = settings.recheckEveryMs ?? 10 * 60_000;
      if (every <= 0 || timer) return;
      timer = setInterval(() => {
        running ??= identity
          .recheckDue()
          .then(() => follows.syncDue())
          .catch(() => {})
          .finally(() => {
            running = undefined;
          });
      }, every);
      timer.unref();
    },

    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return identity;
}

export type Identity = ReturnType<typeof createIdentity>;
