/** One proof per site: which check makes a handle verified. */
import type { FeedSite } from '../../wire/sites.ts';
import { ApiError } from '../api-error.ts';
import type { VerificationMethod } from '../store/handles-store.ts';
import { followDid, proveBlueskyHandle, recheckBlueskyDid } from './bluesky-identity.ts';
import { proveMastodonHandle } from './mastodon-identity.ts';
import { MalformedAnswer, OutboundError, type OutboundSettings } from './outbound-fetch.ts';
import { type Proof, ProofFailed } from './proof.ts';

export interface ProofContext {
  outbound: OutboundSettings;
  plcUrl: string;
}

export const X_UNVERIFIABLE =
  'X offers no way to check a handle: X handles stay claimed, and their Live chips show only to people who follow you on Earshot';

/** Runs the site's proof that `handle` is the account whose profile is `profileUrl`. */
export async function proveHandle(
  site: FeedSite,
  handle: string,
  profileUrl: string,
  ctx: ProofContext,
): Promise<Proof> {
  if (site === 'mastodon') return proveMastodonHandle(handle, profileUrl, ctx.outbound);
  if (site === 'bsky') return proveBlueskyHandle(handle, profileUrl, ctx);
  throw new ApiError(422, 'unverifiable_site', X_UNVERIFIABLE);
}

/** The periodic re-check: a Bluesky handle is followed from its DID, the others are proved again. */
export async function reproveHandle(
  row: { site: FeedSite; handle: string; subject: string | null; method: VerificationMethod | null },
  profileUrl: string,
  ctx: ProofContext,
): Promise<Proof> {
  if (row.site === 'bsky' && row.method === 'atproto_oauth' && row.subject?.startsWith('did:')) {
    return followDid(row.subject, ctx);
  }
  if (row.site === 'bsky' && row.subject?.startsWith('did:')) {
    return recheckBlueskyDid(row.subject, profileUrl, ctx);
  }
  return proveHandle(row.site, row.handle, profileUrl, ctx);
}

/** A failed check as the API reports it: 422 when the answer says no, 502 when no usable answer came. */
export function proofError(error: unknown): unknown {
  if (error instanceof ProofFailed) return new ApiError(422, 'verification_failed', error.message);
  if (error instanceof OutboundError || error instanceof MalformedAnswer) {
    return new ApiError(502, 'identity_unreachable', `The check could not be made: ${error.message}`);
  }
  return error;
}
