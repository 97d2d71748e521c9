/** What a passed identity check gives, and the failure that means "this handle is not (or no longer) yours". */
import type { VerificationMethod } from '../store/handles-store.ts';

export interface Proof {
  method: VerificationMethod;
  /** What the proof is tied to: the fediverse actor id, the Bluesky DID. */
  subject: string;
  /** The handle as the other side names it now (a Bluesky handle follows its DID). */
  handle: string;
}

/**
 * The other side answered, and the answer says no: link missing, handle on another account. A re-check
 * failing this way removes the verification at once (unlike a server down or slow).
 */
export class ProofFailed extends Error {}
