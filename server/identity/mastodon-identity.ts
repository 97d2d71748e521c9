/**
 * Mastodon's own verification model, the other way round: the user puts their Earshot profile address in a
 * profile field of their fediverse account; Earshot resolves the account by WebFinger
 * (mastodon/mastodon app/serializers/webfinger_serializer.rb: links rel="self" type application/activity+json)
 * and reads the actor (app/serializers/activitypub/actor_serializer.rb: `attachment` of PropertyValue
 * { name, value } whose value is HTML, app/lib/text_formatter.rb: `<a href rel="nofollow noopener noreferrer me">`).
 * The handle passes when a field links to the Earshot profile with rel="me". Only who controls the account can
 * edit its fields.
 */
import { linksIn, sameProfileUrl } from './html-links.ts';
import { MalformedAnswer, type OutboundSettings, outboundJson } from './outbound-fetch.ts';
import { type Proof, ProofFailed } from './proof.ts';

const ACTIVITY_JSON = 'application/activity+json';
const LD_JSON = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function splitAcct(handle: string): { user: string; domain: string } {
  const [user, domain] = handle.replace(/^@/, '').toLowerCase().split('@');
  if (!user || !domain) throw new ProofFailed('A fediverse handle looks like user@instance');
  return { user, domain };
}

/** WebFinger: the account's actor URL (its `self` link). */
export async function webfingerActor(handle: string, settings: OutboundSettings): Promise<string> {
  const { user, domain } = splitAcct(handle);
  const resource = `acct:${user}@${domain}`;
  const { json } = await outboundJson(
    `https://${domain}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
    settings,
    'application/jrd+json, application/json',
  );
  if (!isRecord(json) || typeof json.subject !== 'string' || !Array.isArray(json.links)) {
    throw new MalformedAnswer(`${domain} answered WebFinger with something that is not a JRD document`);
  }
  if (json.subject.toLowerCase() !== resource) {
    throw new ProofFailed(
      `${domain} says this account is ${json.subject.replace(/^acct:/, '@')}: link that handle`,
    );
  }
  const self = json.links.find(
    (link): link is { href: string } =>
      isRecord(link) &&
      link.rel === 'self' &&
      (link.type === ACTIVITY_JSON || link.type === LD_JSON) &&
      typeof link.href === 'string',
  );
  if (!self) throw new MalformedAnswer(`${domain}'s WebFinger answer has no ActivityPub actor link`);
  return self.href;
}

/** The actor document, checked to be the account asked for. */
export async function fetchActor(
  actorUrl: string,
  user: string,
  settings: OutboundSettings,
): Promise<Record<string, unknown> & { id: string }> {
  const { json } = await outboundJson(actorUrl, settings, `${ACTIVITY_JSON}, ${LD_JSON}`);
  if (!isRecord(json) || typeof json.id !== 'string' || typeof json.preferredUsername !== 'string') {
    throw new MalformedAnswer('The account answered with something that is not an ActivityPub actor');
  }
  // The document must be the actor it says it is, on the host WebFinger pointed to.
  if (json.id !== actorUrl || new URL(json.id).host !== new URL(actorUrl).host) {
    throw new ProofFailed('The actor document names another actor');
  }
  if (json.preferredUsername.toLowerCase() !== user) {
    throw new ProofFailed(`The actor is @${json.preferredUsername}, not @${user}`);
  }
  return json as Record<string, unknown> & { id: string };
}

/** The profile fields' links (PropertyValue values), rel="me" ones only. */
export function relMeLinks(actor: Record<string, unknown>): string[] {
  const attachments = Array.isArray(actor.attachment) ? actor.attachment : [actor.attachment];
  return attachments
    .slice(0, 50)
    .filter(
      (item): item is { value: string } =>
        isRecord(item) && item.type === 'PropertyValue' && typeof item.value === 'string',
    )
    .flatMap((field) => linksIn(field.value.slice(0, 10_000)))
    .filter((link) => link.rel.includes('me'))
    .map((link) => link.href);
}

/** Checks that `handle`'s fediverse account links to `profileUrl` with rel="me". */
export async function proveMastodonHandle(
  handle: string,
  profileUrl: string,
  settings: OutboundSettings,
): Promise<Proof> {
  const { user } = splitAcct(handle);
  const actorUrl = await webfingerActor(handle, settings);
  const actor = await fetchActor(actorUrl, user, settings);
  if (!relMeLinks(actor).some((href) => sameProfileUrl(href, profileUrl))) {
    throw new ProofFailed(`No profile field of @${handle} links to ${profileUrl}: add it, then check again`);
  }
  return { method: 'rel_me', subject: actor.id, handle: handle.replace(/^@/, '').toLowerCase() };
}
