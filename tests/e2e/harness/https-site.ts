/**
 * A feed fixture page served over HTTPS under a real-looking name (e.g. https://mastodon.earshot.test/home),
 * as an instance the user enables: the fixture's own files under `/fixtures/…` are passed to the loopback
 * fixture server, and every other path without a file extension is the site's page (an SPA's history
 * fallback). Chromium reaches the name through `--host-resolver-rules` and trusts the certificate through a
 * local CA (scripts/lib/local-ca.ts).
 */
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LocalCertificates } from '../../../scripts/lib/local-ca';
import type { FixtureServer } from './fixture-server';

export interface HttpsSite {
  /** Loopback port the name must be mapped to. */
  port: number;
  /** `MAP <name> 127.0.0.1:<port>` for Chromium's `--host-resolver-rules`. */
  resolverRule: string;
  url(route: string): string;
  close(): Promise<void>;
}

export async function startHttpsSite(options: {
  name: string;
  site: 'x' | 'bsky' | 'mastodon';
  fixtures: FixtureServer;
  certificates: LocalCertificates;
}): Promise<HttpsSite> {
  const [key, cert] = await Promise.all([
    readFile(options.certificates.keyFile),
    readFile(options.certificates.certFile),
  ]);
  const upstream = new URL(options.fixtures.origin);
  const server = createServer({ key, cert }, (incoming, outgoing) => {
    const { pathname } = new URL(incoming.url ?? '/', 'https://site');
    const target =
      pathname.startsWith('/fixtures/') || path.extname(pathname)
        ? (incoming.url ?? '/')
        : `/fixtures/${options.site}/`;
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: target, method: incoming.method },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.writeHead(502).end());
    forwarded.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    resolverRule: `MAP ${options.name} 127.0.0.1:${port}`,
    url: (route) => `https://${options.name}${route}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
