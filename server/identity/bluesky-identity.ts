/**
 * Bluesky (AT Protocol) identity, checked over plain HTTPS: handle → DID (`/.well-known/atproto-did` or
 * DNS TXT `_atproto.<handle>`), DID → DID document (PLC directory, or did:web), which must name the handle
 * back (`alsoKnownAs: at://<handle>`) and the account's PDS; the PDS serves the account's public profile
 * record (`app.bsky.actor.profile/self`), whose description must carry the Earshot profile address. Only
 * whoever controls the DID can write that record. The proof is tied to the DID: the handle follows it.
 */
import { Resolver } from 'node:dns/promises';
import { sameProfileUrl } from './html-links.ts';
import { MalformedAnswer, type OutboundSettings, outboundGet, outboundJson } from './outbound-fetch.ts';
import { type Proof, ProofFailed } from './proof.ts';

export interface BlueskySettings {
  outbound: OutboundSettings;
  /** Where did:plc documents are read, e.g. https://plc.directory. */
  plcUrl: string;
}

const DID = /^did:(plc:[a-z2-7]{24}|web:[a-z0-9.-]+(%3a\d+)?)$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function didFromDns(handle: string): Promise<string> {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  const records = await resolver.resolveTxt(`_atproto.${handle}`);
  const found = records.map((chunks) => chunks.join('')).find((text) => text.startsWith('did='));
  if (!found) throw new Error('no _atproto record');
  return found.slice(4);
}

async function didFromWellKnown(handle: string, settings: BlueskySettings): Promise<string> {
  const answer = await outboundGet(
    `https://${handle}/.well-known/atproto-did`,
    settings.outbound,
    'text/plain',
  );
  return answer.body.trim();
}

/** The DID a handle points to now (DNS and HTTPS both tried; the first that answers a DID wins). */
export async function resolveHandle(handle: string, settings: BlueskySettings): Promise<string> {
  const attempts = [didFromWellKnown(handle, settings)];
  if (!settings.outbound.hostRules?.[handle]) attempts.push(didFromDns(handle));
  let did: string;
  try {
    did = await Promise.any(
      attempts.map(async (attempt) => {
        const value = await attempt;
        if (!DID.test(value)) throw new MalformedAnswer(`${handle} does not name a DID`);
        return value;
      }),
    );
  } catch (error) {
    const reasons = error instanceof AggregateError ? error.errors : [error];
    throw (
      reasons.find((reason) => !(reason instanceof Error && reason.message === 'no _atproto record')) ??
      reasons[0]
    );
  }
  return did;
}

export interface DidDocument {
  handle: string | undefined;
  pds: string;
}

/** The DID document's current handle (its first at:// alias) and PDS address. */
export async function resolveDid(did: string, settings: BlueskySettings): Promise<DidDocument> {
  const address = did.startsWith('did:plc:')
    ? `${settings.plcUrl}/${did}`
    : `https://${decodeURIComponent(did.slice('did:web:'.length))}/.well-known/did.json`;
  const { json } = await outboundJson(address, settings.outbound);
  if (!isRecord(json) || json.id !== did) throw new MalformedAnswer(`The DID document of ${did} is not one`);
  const aliases = Array.isArray(json.alsoKnownAs)
    ? json.alsoKnownAs.filter((a) => typeof a === 'string')
    : [];
  const handle = aliases
    .find((alias) => alias.startsWith('at://'))
    ?.slice(5)
    .toLowerCase();
  const services = Array.isArray(json.service) ? json.service : [];
  const pds = services.find(
    (s): s is { serviceEndpoint: string } =>
      isRecord(s) &&
      (s.id === '#atproto_pds' || s.id === `${did}#atproto_pds`) &&
      typeof s.serviceEndpoint === 'string',
  );
  if (!pds) throw new MalformedAnswer(`The DID document of ${did} names no PDS`);
  return { handle, pds: pds.serviceEndpoint.replace(/\/+$/, '') };
}

/** Whether the account's profile description carries `profileUrl`. */
async function profileLinks(
  did: string,
  pds: string,
  profileUrl: string,
  settings: BlueskySettings,
): Promise<boolean> {
  const query = new URLSearchParams({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' });
  let json: unknown;
  try {
    ({ json } = await outboundJson(`${pds}/xrpc/com.atproto.repo.getRecord?${query}`, settings.outbound));
  } catch (error) {
    // No profile record at all: the link is not there (a PDS answers 400 RecordNotFound).
    if (error instanceof Error && 'status' in error && error.status === 400) return false;
    throw error;
  }
  if (!isRecord(json) || !isRecord(json.value)) throw new MalformedAnswer('The PDS answered no record');
  const description = typeof json.value.description === 'string' ? json.value.description : '';
  return [...description.matchAll(/https?:\/\/[^\s<>"]+/g)].some((match) =>
    sameProfileUrl(match[0].replace(/[.,;:!?)\]]+$/, ''), profileUrl),
  );
}

async function proveDid(
  did: string,
  handle: string,
  profileUrl: string,
  settings: BlueskySettings,
): Promise<Proof> {
  const doc = await resolveDid(did, settings);
  if (doc.handle !== handle) throw new ProofFailed(`The DID ${did} does not name ${handle} as its handle`);
  if (!(await profileLinks(did, doc.pds, profileUrl, settings))) {
    throw new ProofFailed(
      `@${handle}'s Bluesky profile description does not carry ${profileUrl}: add it, then check again`,
    );
  }
  return { method: 'atproto_profile', subject: did, handle };
}

/** Checks that `handle` is a Bluesky account (both ways) whose profile description links to `profileUrl`. */
export async function proveBlueskyHandle(
  handle: string,
  profileUrl: string,
  settings: BlueskySettings,
): Promise<Proof> {
  const name = handle.replace(/^@/, '').toLowerCase();
  return proveDid(await resolveHandle(name, settings), name, profileUrl, settings);
}

/** The DID's handle now, which must point back to it. */
async function currentHandle(
  did: string,
  settings: BlueskySettings,
): Promise<DidDocument & { handle: string }> {
  const doc = await resolveDid(did, settings);
  if (!doc.handle) throw new ProofFailed(`The DID ${did} names no handle`);
  const pointsTo = await resolveHandle(doc.handle, settings).catch((error: unknown) => {
    if (error instanceof Error && 'reason' in error && error.reason === 'http_status') return undefined;
    throw error;
  });
  if (pointsTo !== did) throw new ProofFailed(`${doc.handle} no longer points to ${did}`);
  return { ...doc, handle: doc.handle };
}

/** The periodic check of an OAuth link: the DID's handle now (the PDS vouched for the DID; no link needed). */
export async function followDid(did: string, settings: BlueskySettings): Promise<Proof> {
  const doc = await currentHandle(did, settings);
  return { method: 'atproto_oauth', subject: did, handle: doc.handle };
}

/** The periodic check of a profile-link proof, from the DID: its handle now (pointing back) and the link. */
export async function recheckBlueskyDid(
  did: string,
  profileUrl: string,
  settings: BlueskySettings,
): Promise<Proof> {
  const doc = await currentHandle(did, settings);
  return proveDid(did, doc.handle, profileUrl, settings);
}
