/**
 * The share page `/r/<id>`: room, state and language; link-preview tags; a strict CSP with the player as the
 * only script; hostile titles inert; 404 pages for unknown and malformed ids; the player's files.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';

let playerDir: string;
const PLAYER_JS = 'console.log("player")';

beforeAll(async () => {
  // A stand-in build of the web player, so these tests do not depend on `npm run build:web`.
  playerDir = await mkdtemp(path.join(tmpdir(), 'earshot-web-player-'));
  await writeFile(path.join(playerDir, 'player.js'), PLAYER_JS);
  await writeFile(path.join(playerDir, 'player.css'), 'body{}');
  await writeFile(path.join(playerDir, 'preview.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  process.env.EARSHOT_WEB_PLAYER_DIR = playerDir;
});
afterAll(async () => {
  delete process.env.EARSHOT_WEB_PLAYER_DIR;
  await rm(playerDir, { recursive: true, force: true });
});
// After the player's stand-in is in place; stopped before it is removed.
const fixture = useServiceFixture();

const createRoom = async (host: TestUser, body: Record<string, unknown>) =>
  (await postRoom(fixture.service, host, body)).room;

const getPage = (url: string, lang = 'en-US,en;q=0.9') =>
  fetch(url, { headers: { 'accept-language': lang } });

/** `<meta property|name="key" content="…">` values, as a crawler reads them. */
function metaTags(html: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const match of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)) {
    tags.set(match[1]!, match[2]!);
  }
  return tags;
}

/** Every attribute name of every tag in the page (quoted values skipped, so escaped text inside them is not read). */
function attributeNames(html: string): string[] {
  const names: string[] = [];
  for (const tag of html.matchAll(/<[a-z][a-z0-9]*((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/gi)) {
    for (const attribute of tag[1]!.matchAll(/\s([\w:-]+)(?:="[^"]*")?/g)) names.push(attribute[1]!);
  }
  return names;
}

function expectStrictCsp(response: Response): void {
  const csp = response.headers.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/unsafe-|sha256-|nonce-/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

describe('share page', () => {
  it('serves the escaped title, host and state, the player as its only script, under a strict CSP', async () => {
    const host = await signUpUser(fixture.service, 'host', { displayName: '<img src=x onerror=alert(1)>' });
    const room = await createRoom(host, {
      title: '<script>alert("hi")</script> & more',
      description: '"quoted"',
    });
    expect(room.shareUrl).toBe(`${fixture.service.url}/r/${room.id}`);
    const page = await getPage(room.shareUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expectStrictCsp(page);
    // The player reaches LiveKit (signalling over WebSocket, its HTTP check when that fails) and nothing else.
    const livekit = new URL(fixture.livekit.url);
    expect(page.headers.get('content-security-policy')).toContain(
      `connect-src 'self' ws://${livekit.host} http://${livekit.host}`,
    );
    const html = await page.text();
    expect(html).toContain('&#60;script&#62;alert(&#34;hi&#34;)&#60;/script&#62; &#38; more');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<style');
    expect(attributeNames(html)).toContain('data-room');
    expect(attributeNames(html).filter((name) => /^on/i.test(name))).toEqual([]);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![0]).toMatch(
      /^<script type="module" src="\/player\/player\.js\?v=[0-9a-f]{12}"><\/script>$/,
    );
    expect(html).toMatch(/<link rel="stylesheet" href="\/player\/player\.css\?v=[0-9a-f]{12}">/);
    expect(html).toContain('Live now');
    expect(html).toContain('<html lang="en">');
    // The player starts from the room as the page describes it.
    const data = /<main id="player" data-room="([^"]*)">/.exec(html)![1]!;
    const decoded = JSON.parse(data.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))));
    expect(decoded).toMatchObject({
      id: room.id,
      title: '<script>alert("hi")</script> & more',
      state: 'live',
    });

    await api(fixture.service, `/v1/rooms/${room.id}`, { method: 'DELETE', token: host.token });
    expect(await (await getPage(room.shareUrl)).text()).toContain('This room has ended.');
  });

  it('has Open Graph and twitter:card tags a link preview needs: title, host, live state, an image', async () => {
    const host = await signUpUser(fixture.service, 'host', { displayName: 'Ada "the host"' });
    const room = await createRoom(host, { title: 'Morning <news> & coffee' });
    const html = await (await getPage(room.shareUrl)).text();
    const tags = metaTags(html);
    const image = `${fixture.service.url}/player/preview.png?v=`;
    expect(tags.get('og:title')).toBe('Morning &#60;news&#62; &#38; coffee');
    expect(tags.get('og:type')).toBe('website');
    expect(tags.get('og:site_name')).toBe('Earshot');
    expect(tags.get('og:url')).toBe(room.shareUrl);
    expect(tags.get('og:description')).toMatch(
      /^Live now · Hosted by Ada &#34;the host&#34; \(@host_\w+\) · \d+ listeners?$/,
    );
    expect(tags.get('og:image')).toMatch(new RegExp(`^${image.replaceAll('?', '\\?')}[0-9a-f]{12}$`));
    expect(tags.get('og:image:width')).toBe('1200');
    expect(tags.get('og:image:height')).toBe('630');
    expect(tags.get('og:image:alt')).toBeTruthy();
    expect(tags.get('twitter:card')).toBe('summary_large_image');
    expect(tags.get('twitter:title')).toBe(tags.get('og:title'));
    expect(tags.get('twitter:description')).toBe(tags.get('og:description'));
    expect(tags.get('twitter:image')).toBe(tags.get('og:image'));
    expect(tags.get('description')).toBe(tags.get('og:description'));

    const preview = await fetch(tags.get('og:image')!);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/png');
    expect(preview.headers.get('cache-control')).toContain('immutable');
  });

  it('speaks French to a French browser, and says when a scheduled room starts (UTC)', async () => {
    const host = await signUpUser(fixture.service, 'hote');
    const scheduledFor = new Date(Date.now() + 3 * 24 * 60 * 60 * 1000);
    scheduledFor.setUTCHours(18, 30, 0, 0);
    const room = await createRoom(host, { title: 'Le débat', scheduledFor: scheduledFor.toISOString() });

    const fr = await getPage(room.shareUrl, 'fr-FR,fr;q=0.9,en;q=0.8');
    expect(fr.headers.get('vary')).toContain('Accept-Language');
    const french = await fr.text();
    expect(french).toContain('<html lang="fr">');
    expect(french).toMatch(/Prévu le [^<]+ 18:30 UTC/);
    expect(french).toContain(`Animé par`);
    expect(metaTags(french).get('og:locale')).toBe('fr_FR');

    const english = await (await getPage(room.shareUrl, 'en-GB,fr;q=0.5')).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toMatch(/Scheduled for [^<]+ 18:30 UTC/);
    // Weights decide, not order.
    expect(await (await getPage(room.shareUrl, 'de;q=1, en;q=0.2, fr;q=0.8')).text()).toContain('lang="fr"');
  });

  it('answers unknown and malformed ids with a 404 page, under the same CSP, with no stack trace', async () => {
    for (const id of [
      'Missing000',
      'abc',
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      'a'.repeat(5000),
      '%E0%A4%A',
      'x/y',
    ]) {
      const response = await getPage(`${fixture.service.url}/r/${id}`);
      expect(response.status, id).toBe(404);
      expect(response.headers.get('content-type')).toContain('text/html');
      expectStrictCsp(response);
      const html = await response.text();
      expect(html).toContain('Room not found');
      expect(html).not.toMatch(/\bat \S+ \(|Error:|node_modules|\.ts:\d+/);
      expect(html).not.toContain('<script');
    }
    const french = await getPage(`${fixture.service.url}/r/Missing000`, 'fr');
    expect(await french.text()).toContain('Salon introuvable');
  });
});

describe("the player's files", () => {
  it('serves the built files with their types, pinned versions cached for good; nothing else', async () => {
    const script = await fetch(`${fixture.service.url}/player/player.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect(await script.text()).toBe(PLAYER_JS);
    expect(script.headers.get('cache-control')).not.toContain('immutable');
    const host = await signUpUser(fixture.service, 'host');
    const room = await createRoom(host, { title: 'Files' });
    const html = await (await getPage(room.shareUrl)).text();
    const pinned = /src="(\/player\/player\.js\?v=[0-9a-f]{12})"/.exec(html)![1]!;
    const cached = await fetch(`${fixture.service.url}${pinned}`);
    expect(cached.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${fixture.service.url}/player/player.css`)).headers.get('content-type')).toContain(
      'text/css',
    );
    for (const name of ['other.js', '..%2Fpackage.json', '%2E%2E%2F%2E%2E%2Fpackage.json', 'index.html']) {
      expect((await fetch(`${fixture.service.url}/player/${name}`)).status, name).toBe(404);
    }
  });
});

describe("the player's calls", () => {
  it('are accepted from the share page (same origin) and still refused from any other web page', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const room = await createRoom(host, { title: 'Origins' });
    const origin = new URL(fixture.service.url).origin;
    const own = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: {},
      headers: { origin },
    });
    expect(own.status).toBe(200);
    expect(own.body.token).toBeTruthy();
    const other = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: {},
      headers: { origin: 'https://evil.example' },
    });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'origin_not_allowed' } } });
    // Another port on the same machine is another origin.
    const port = await api(fixture.service, `/v1/rooms/${room.id}/listen`, {
      method: 'POST',
      body: {},
      headers: { origin: 'http://127.0.0.1:1' },
    });
    expect(port.status).toBe(403);
  });
});
