/**
 * A tiny static server for the feed fixture pages (tests/fixtures), on loopback. Pages live at
 * `/fixtures/<site>/…`; a path without a file extension gets the site's index.html, like an SPA's history
 * fallback, so `/fixtures/x/home` and `/fixtures/x/settings` are both the X fixture.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const FIXTURES_DIR = path.resolve('tests/fixtures');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface FixtureServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  /** URL of a fixture page: url('x', '/home?theme=dark'). */
  url(site: 'x' | 'bsky' | 'mastodon', route?: string): string;
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    const match = /^\/fixtures\/(.*)$/.exec(pathname);
    if (!match || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    let relative = path.normalize(match[1]!);
    if (relative.startsWith('..')) {
      response.writeHead(404).end();
      return;
    }
    if (!path.extname(relative)) relative = path.join(relative.split(path.sep)[0] ?? '', 'index.html');
    try {
      const body = await readFile(path.join(FIXTURES_DIR, relative));
      response.writeHead(200, {
        'content-type': TYPES[path.extname(relative)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (site, route = '/') => `${origin}/fixtures/${site}${route}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
