/**
 * A loopback HTTP server that answers as Mastodon instances do, for several instance domains at once (told
 * apart by the Host header; the service reaches them through `hostRules`). No fediverse server runs here, so
 * the shapes are Mastodon's own, from mastodon/mastodon:
 * - WebFinger: app/serializers/webfinger_serializer.rb (subject, aliases [short_account_url, account_url],
 *   links profile-page / self application/activity+json / ostatus subscribe), served as application/jrd+json
 *   by app/controllers/well_known/webfinger_controller.rb;
 * - the actor: app/serializers/activitypub/actor_serializer.rb (id, type Person, preferredUsername, url,
 *   publicKey, endpoints.sharedInbox, `attachment` of PropertyValue { name, value }), served as
 *   application/activity+json;
 * - a field's value: app/helpers/formatting_helper.rb account_field_value_format → app/lib/text_formatter.rb
 *   link_to_url: `<a href target="_blank" rel="nofollow noopener noreferrer me">` with invisible prefix spans;
 * - the REST API: app/serializers/rest/account_serializer.rb (id as a string, username, acct, url),
 *   GET /api/v1/accounts/lookup?acct=, GET /api/v1/accounts/:id/following (limit default 40, max 80,
 *   paginated by a Link header rel="next" with max_id, app/controllers/api/v1/accounts/following_accounts_controller.rb).
 * Faults a real instance can show are switched on per domain.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAccount {
  username: string;
  domain: string;
  displayName?: string;
  /** Profile fields as the user typed them: a URL value becomes a link, as Mastodon formats it. */
  fields?: Array<{ name: string; value: string }>;
  /** Accounts this one follows, as `user@domain`. */
  following?: string[];
}

export type Fault =
  | { kind: 'redirect'; to: string } // WebFinger 301 to another domain (LOCAL_DOMAIN → WEB_DOMAIN setups)
  | { kind: 'redirect-loop' }
  | { kind: 'oversize' } // a body that does not end (counted in bytesSent)
  | { kind: 'malformed' } // 200 with an HTML error page instead of JSON
  | { kind: 'slow' } // accepts, never answers
  | { kind: 'down' } // closes the connection at once
  | { kind: 'wrong-subject'; subject: string }
  | { kind: 'actor-id'; id: string } // the actor document names another actor
  | { kind: 'next-page-down' }; // the first page of a following list answers, the next ones close the connection

const URL_PREFIX = /^(https?:\/\/(www\.)?|xmpp:)/;
const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** TextFormatter#link_to_url with rel me (a field whose whole value is a URL). Plain text is escaped. */
export function formatFieldValue(value: string): string {
  if (!/^https?:\/\/\S+$/.test(value)) return esc(value);
  const prefix = value.match(URL_PREFIX)?.[0] ?? '';
  const rest = value.slice(prefix.length);
  const display = rest.slice(0, 30);
  const suffix = rest.slice(30);
  const cutoff = rest.length > 30;
  return `<a href="${esc(value)}" target="_blank" rel="nofollow noopener noreferrer me"><span class="invisible">${esc(prefix)}</span><span class="${cutoff ? 'ellipsis' : ''}">${esc(display)}</span><span class="invisible">${esc(suffix)}</span></a>`;
}

export class FakeMastodon {
  readonly accounts = new Map<string, FakeAccount & { id: string }>();
  readonly faults = new Map<string, Fault>();
  bytesSent = 0;
  requests: string[] = [];
  private nextId = 109_000_000_000_000_000n;
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeMastodon> {
    let fake: FakeMastodon | undefined;
    const server = createServer((req, res) => fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeMastodon(server, (server.address() as AddressInfo).port);
    return fake;
  }

  /** hostRules for the service: each domain → this server. */
  rules(...domains: string[]): Record<string, string> {
    return Object.fromEntries(domains.map((d) => [d, `http://127.0.0.1:${this.port}`]));
  }

  add(account: FakeAccount): FakeAccount & { id: string } {
    this.nextId += 1n;
    const stored = { ...account, id: this.nextId.toString() };
    this.accounts.set(`${account.username.toLowerCase()}@${account.domain}`, stored);
    return stored;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private base(domain: string) {
    // The service reaches instances over http:// in tests (allowPrivateNetworks); ids use the same scheme.
    return `http://${domain}`;
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const domain = (req.headers.host ?? '').split(':')[0]!.toLowerCase();
    const url = new URL(req.url ?? '/', this.base(domain));
    this.requests.push(`${domain}${url.pathname}${url.search}`);
    const fault = this.faults.get(domain);
    if (fault && this.applyFault(fault, url, req, res)) return;
    if (url.pathname === '/.well-known/webfinger') return this.webfinger(domain, url, res, fault);
    const actor = url.pathname.match(/^\/users\/([^/]+)$/);
    if (actor) return this.actor(domain, actor[1]!, res, fault);
    if (url.pathname === '/api/v1/accounts/lookup') return this.lookup(domain, url, res);
    const following = url.pathname.match(/^\/api\/v1\/accounts\/(\d+)\/following$/);
    if (following) return this.following(domain, following[1]!, url, res);
    this.json(res, 404, { error: 'Record not found' });
  }

  /** True when the fault answered the request. */
  private applyFault(fault: Fault, url: URL, req: IncomingMessage, res: ServerResponse): boolean {
    switch (fault.kind) {
      case 'redirect':
        if (url.pathname !== '/.well-known/webfinger') return false;
        res.writeHead(301, { location: `${this.base(fault.to)}${url.pathname}${url.search}` }).end();
        return true;
      case 'redirect-loop':
        res.writeHead(302, { location: `${url.pathname}${url.search}` }).end();
        return true;
      case 'oversize': {
        res.writeHead(200, { 'content-type': 'application/jrd+json; charset=utf-8' });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && this.bytesSent < 100 * 1024 * 1024) {
            this.bytesSent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
        return true;
      }
      case 'malformed':
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end('<html><body>We are sorry, but something went wrong');
        return true;
      case 'slow':
        req.socket.setTimeout(0);
        return true;
      case 'down':
        req.socket.destroy();
        return true;
      default:
        return false;
    }
  }

  private json(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') {
    res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
  }

  private webfinger(domain: string, url: URL, res: ServerResponse, fault: Fault | undefined) {
    const resource = url.searchParams.get('resource') ?? '';
    const acct = resource.replace(/^acct:/, '').toLowerCase();
    const account = this.accounts.get(acct);
    if (
      !account ||
      account.domain !== acct.split('@')[1] ||
      (account.domain !== domain && !this.servedBy(domain, account))
    )
      return this.json(res, 404, {});
    const base = this.base(domain);
    this.json(
      res,
      200,
      {
        subject:
          fault?.kind === 'wrong-subject' ? fault.subject : `acct:${account.username}@${account.domain}`,
        aliases: [`${base}/@${account.username}`, `${base}/users/${account.username}`],
        links: [
          {
            rel: 'http://webfinger.net/rel/profile-page',
            type: 'text/html',
            href: `${base}/@${account.username}`,
          },
          { rel: 'self', type: 'application/activity+json', href: `${base}/users/${account.username}` },
          {
            rel: 'http://ostatus.org/schema/1.0/subscribe',
            template: `${base}/authorize_interaction?uri={uri}`,
          },
        ],
      },
      'application/jrd+json; charset=utf-8',
    );
  }

  /** An account of LOCAL_DOMAIN `account.domain` served from this WEB_DOMAIN (after a redirect). */
  private servedBy(domain: string, account: FakeAccount): boolean {
    const fault = this.faults.get(account.domain);
    return fault?.kind === 'redirect' && fault.to === domain;
  }

  private actor(domain: string, username: string, res: ServerResponse, fault: Fault | undefined) {
    const account = [...this.accounts.values()].find(
      (a) =>
        a.username.toLowerCase() === username.toLowerCase() &&
        (a.domain === domain || this.servedBy(domain, a)),
    );
    if (!account) return this.json(res, 404, { error: 'Record not found' });
    const id = `${this.base(domain)}/users/${account.username}`;
    this.json(
      res,
      200,
      {
        '@context': [
          'https://www.w3.org/ns/activitystreams',
          'https://w3id.org/security/v1',
          {
            manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
            toot: 'http://joinmastodon.org/ns#',
            schema: 'http://schema.org#',
            PropertyValue: 'schema:PropertyValue',
            value: 'schema:value',
            discoverable: 'toot:discoverable',
            indexable: 'toot:indexable',
          },
        ],
        id: fault?.kind === 'actor-id' ? fault.id : id,
        type: 'Person',
        following: `${id}/following`,
        followers: `${id}/followers`,
        inbox: `${id}/inbox`,
        outbox: `${id}/outbox`,
        featured: `${id}/collections/featured`,
        featuredTags: `${id}/collections/tags`,
        preferredUsername: account.username,
        name: account.displayName ?? account.username,
        summary: '<p></p>',
        url: `${this.base(domain)}/@${account.username}`,
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: false,
        published: '2024-01-01T00:00:00Z',
        memorial: false,
        publicKey: {
          id: `${id}#main-key`,
          owner: id,
          publicKeyPem:
            '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n',
        },
        tag: [],
        attachment: (account.fields ?? []).map((field) => ({
          type: 'PropertyValue',
          name: field.name,
          value: formatFieldValue(field.value),
        })),
        endpoints: { sharedInbox: `${this.base(domain)}/inbox` },
      },
      'application/activity+json; charset=utf-8',
    );
  }

  private restAccount(account: FakeAccount & { id: string }, domain: string) {
    const local = account.domain === domain;
    return {
      id: account.id,
      username: account.username,
      acct: local ? account.username : `${account.username}@${account.domain}`,
      display_name: account.displayName ?? '',
      url: `${this.base(account.domain)}/@${account.username}`,
      uri: `${this.base(account.domain)}/users/${account.username}`,
      locked: false,
      bot: false,
      created_at: '2024-01-01T00:00:00.000Z',
    };
  }

  private lookup(domain: string, url: URL, res: ServerResponse) {
    const acct = (url.searchParams.get('acct') ?? '').toLowerCase();
    const account = this.accounts.get(acct.includes('@') ? acct : `${acct}@${domain}`);
    if (!account) return this.json(res, 404, { error: 'Record not found' });
    this.json(res, 200, this.restAccount(account, domain));
  }

  private following(domain: string, id: string, url: URL, res: ServerResponse) {
    const account = [...this.accounts.values()].find((a) => a.id === id && a.domain === domain);
    if (!account) return this.json(res, 404, { error: 'Record not found' });
    if (this.faults.get(domain)?.kind === 'next-page-down' && url.searchParams.has('max_id')) {
      res.socket?.destroy();
      return;
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 40) || 40, 80);
    // Follow rows newest first; max_id pages backwards through their (here: positional) ids.
    const all = (account.following ?? []).map((acct, index) => ({ acct, followId: index + 1 })).reverse();
    const maxId = Number(url.searchParams.get('max_id') ?? Number.POSITIVE_INFINITY);
    const page = all.filter((f) => f.followId < maxId).slice(0, limit);
    const accounts = page.map((f) => {
      const [username, accountDomain] = f.acct.split('@');
      const known = this.accounts.get(f.acct.toLowerCase());
      return this.restAccount(
        known ?? { username: username!, domain: accountDomain!, id: `9${f.followId}` },
        domain,
      );
    });
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const last = page.at(-1);
    if (last && page.length === limit && all.some((f) => f.followId < last.followId)) {
      headers.link = `<${this.base(domain)}/api/v1/accounts/${id}/following?limit=${limit}&max_id=${last.followId}>; rel="next"`;
    }
    res.writeHead(200, headers).end(JSON.stringify(accounts));
  }
}
