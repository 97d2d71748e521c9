/**
 * The service's outbound fetches (server/identity/outbound-fetch.ts): public addresses only unless a test
 * setting allows loopback (SSRF), https only, every redirect hop checked, bounded time, size and redirects.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, OutboundError, outboundGet } from '../../server/identity/outbound-fetch.ts';
import { api, deadLiveKit, signUpUser, useService } from './support/service-fixture.ts';

let server: Server;
let port: number;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/to-private') res.writeHead(302, { location: `http://127.0.0.1:${port}/secret` }).end();
    else if (req.url === '/to-metadata')
      res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"secret":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof OutboundError ? error.reason : String(error)),
  );

describe('outbound fetch (SSRF)', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    '224.0.0.1',
  ])('counts %s as not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])('counts %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses loopback and private addresses, by IP or by a name resolving there, before connecting', async () => {
    hits.length = 0;
    expect(await failure(outboundGet(`https://127.0.0.1:${port}/`, {}))).toBe('blocked_address');
    expect(await failure(outboundGet('https://[::1]/', {}))).toBe('blocked_address');
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    // One private address among public ones is enough to refuse the name.
    expect(await failure(outboundGet('https://mixed.example/', { lookup }))).toBe('blocked_address');
    expect(hits).toEqual([]);
  });

  it('refuses http:// in production, and checks every redirect hop', async () => {
    expect(
      await failure(
        outboundGet(`http://public.example/`, { lookup: async () => [{ address: '1.1.1.1', family: 4 }] }),
      ),
    ).toBe('bad_url');
    // The first hop is let through by a test rule; the redirect it answers goes to loopback: refused.
    const hostRules = { 'public.example': `http://127.0.0.1:${port}` };
    hits.length = 0;
    expect(await failure(outboundGet('https://public.example/to-private', { hostRules }))).toBe('bad_url');
    expect(await failure(outboundGet('https://public.example/to-metadata', { hostRules }))).toBe(
      'blocked_address',
    );
    expect(hits).toEqual(['/to-private', '/to-metadata']);
  });

  it('allows loopback only with the test setting', async () => {
    const answer = await outboundGet(`http://127.0.0.1:${port}/ok`, { allowPrivateNetworks: true });
    expect(answer.body).toBe('{"secret":true}');
  });
});

describe('the API refuses to verify a handle on a private address', () => {
  // A service with the production outbound settings (no loopback allowed).
  const service = useService(async () => ({ livekit: await deadLiveKit() }));

  it.each(['alice@127.0.0.1', 'alice@169.254.169.254', 'alice@10.0.0.1'])(
    '%s: 502, nothing fetched, nothing stored',
    async (handle) => {
      const user = await signUpUser(service);
      hits.length = 0;
      const response = await api(service, '/v1/me/handles/verify', {
        method: 'POST',
        token: user.token,
        body: { site: 'mastodon', handle },
      });
      expect(response.status).toBe(502);
      expect(response.body.error.message).toContain('private or local address');
      expect(hits).toEqual([]);
      expect((await api(service, '/v1/me', { token: user.token })).body.handles).toEqual([]);
    },
  );
});
