/**
 * Waits until a dev-env AppView knows every followed account, so `getFollows` can list every follow.
 *
 * The AppView lists a follow only when it has indexed the followed account (`getFollows` joins its `actor`
 * table), and it indexes an account from the account's identity event, resolving the DID through the PLC
 * directory with a 3 s timeout (`IdResolver`'s default). While thousands of accounts are created on 2 cores, in
 * the same process as the PLC, the PDS and the AppView, some of those resolutions time out: the subscription
 * logs the error and drops the event, and those accounts' follows never show (the full bench run got 4,868 of
 * 5,000). The repository and the AppView's follow rows hold them all. Identity events are sent again for the
 * accounts the AppView does not know, a few rounds at most.
 */
import type { BlueskyNetwork } from '../../tests/server/support/bluesky-network.ts';

/** `app.bsky.actor.getProfiles` takes at most 25 actors. */
const PROFILES_PER_CALL = 25;

/** The DIDs of `dids` the AppView has no profile for. */
async function unknownToAppView(appviewUrl: string, dids: readonly string[]): Promise<string[]> {
  const known = new Set<string>();
  const batches: string[][] = [];
  for (let i = 0; i < dids.length; i += PROFILES_PER_CALL) batches.push(dids.slice(i, i + PROFILES_PER_CALL));
  for (let i = 0; i < batches.length; i += 4) {
    await Promise.all(
      batches.slice(i, i + 4).map(async (batch) => {
        const query = new URLSearchParams(batch.map((did) => ['actors', did]));
        const response = await fetch(`${appviewUrl}/xrpc/app.bsky.actor.getProfiles?${query}`);
        if (!response.ok) throw new Error(`getProfiles answered ${response.status}`);
        const { profiles } = (await response.json()) as { profiles: Array<{ did: string }> };
        for (const profile of profiles) known.add(profile.did);
      }),
    );
  }
  return dids.filter((did) => !known.has(did));
}

export interface IndexingReport {
  /** Accounts the AppView did not know after the first indexing pass. */
  unknownAtFirst: number;
  /** Rounds of identity events sent again. */
  rounds: number;
}

export async function indexEveryAccount(
  bluesky: BlueskyNetwork,
  dids: readonly string[],
  maxRounds = 5,
): Promise<IndexingReport> {
  let missing = await unknownToAppView(bluesky.appviewUrl, dids);
  const unknownAtFirst = missing.length;
  let rounds = 0;
  while (missing.length > 0) {
    if (rounds === maxRounds)
      throw new Error(`The AppView still knows none of ${missing.length} accounts after ${rounds} rounds`);
    rounds += 1;
    const { sequencer } = bluesky.network.pds.ctx;
    for (const did of missing) await sequencer.sequenceIdentityEvt(did as `did:${string}:${string}`);
    await bluesky.network.processAll();
    missing = await unknownToAppView(bluesky.appviewUrl, missing);
  }
  return { unknownAtFirst, rounds };
}
