/**
 * The share page's web player in a plain Chromium (no extension), against a real LiveKit, the rooms service and
 * the speaking demo bot: one click to listen and the bot heard (RTP bytes and decoded level), speakers with their
 * speaking ring, the listener count, reactions, English and French, 360 px and desktop (screenshots in
 * test-results/), a scheduled room's countdown until it starts, the room ending under a guest, LiveKit restarting
 * under a guest (it gets back by itself), hostile titles and names inert, and 404 pages.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strings } from '../../web/player/src/i18n';
import { guestAudio, guestContext, launchGuestChromium, waitForGuestAudio } from './harness/guest-browser';
import { type ServiceRequest, serviceRequest } from './harness/service-request';
import { type BotProcess, type Stack, startBot, startStack } from './harness/stack';
import { watchChanges } from './harness/watch-changes';

const SHOTS = path.resolve('test-results');
const PLAYER = path.resolve('.output/web-player/player.js');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

let stack: Stack;
let bot: BotProcess;
let browser: Browser;
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!existsSync(PLAYER)) throw new Error('The web player is not built: run `npm run build:web` first');
  mkdirSync(SHOTS, { recursive: true });
  stack = await startStack();
  bot = await startBot(stack.serviceUrl, ['--title', 'Guests welcome', '--name', 'Demo bot']);
  browser = await launchGuestChromium();
});

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await stack?.stop();
  expect(cspViolations).toEqual([]);
});

async function api(pathname: string, init: ServiceRequest = {}) {
  const response = await serviceRequest(stack.serviceUrl, pathname, init);
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as any };
}

let accounts = 0;
async function signUp(displayName: string): Promise<string> {
  const username = `guesttest_${Date.now().toString(36)}_${accounts++}`;
  const created = await api('/v1/accounts', {
    method: 'POST',
    body: { username, password: 'correct horse battery', displayName },
  });
  expect(created.status).toBe(201);
  return created.body.session.token as string;
}

/** Opens a share page in a new context with the browser's language and size; CSP reports are collected. */
async function openGuest(
  url: string,
  locale: string,
  size: { width: number; height: number },
): Promise<Page> {
  const context = await guestContext(browser, { locale, ...size });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  await page.goto(url);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `web-player-${name}.png`), fullPage: true });

const noHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Clicks Listen and measures click → first inbound audio bytes, then waits until the bot is heard. */
async function listen(page: Page, label: string) {
  await page.evaluate(() => {
    (window as unknown as { __firstBytes: Promise<number> }).__firstBytes = new Promise((resolve) => {
      document.querySelector('button.listen')!.addEventListener('click', () => {
        const start = performance.now();
        const poll = async () => {
          const audio = await window.__guestAudio!();
          if (audio.bytes > 0) resolve(performance.now() - start);
          else setTimeout(poll, 20);
        };
        void poll();
      });
    });
  });
  await page.getByRole('button', { name: label }).click();
  const firstBytesMs = await page.evaluate(
    () => (window as unknown as { __firstBytes: Promise<number> }).__firstBytes,
  );
  const heard = await waitForGuestAudio(page, { timeoutMs: 30_000 });
  return { firstBytesMs, heard };
}

describe('a live room', () => {
  for (const { lang, locale, size, name } of [
    { lang: 'en', locale: 'en-US', size: DESKTOP, name: 'en-desktop' },
    { lang: 'fr', locale: 'fr-FR', size: PHONE, name: 'fr-360' },
    { lang: 'en', locale: 'en-GB', size: PHONE, name: 'en-360' },
    { lang: 'fr', locale: 'fr-CA', size: DESKTOP, name: 'fr-desktop' },
  ] as const) {
    it(`${name}: one click to listen, the bot heard, its speaking ring, the listener count`, async () => {
      const t = strings[lang];
      const page = await openGuest(`${stack.serviceUrl}/r/${bot.roomId}`, locale, size);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await page.getByRole('button', { name: t.listen }).waitFor();
      expect(await page.locator('.state').textContent()).toBe(t.live);
      expect((await guestAudio(page)).bytes).toBe(0); // nothing plays before the click
      await shot(page, `${name}-before`);

      const { firstBytesMs, heard } = await listen(page, t.listen);
      console.log(
        `[${name}] click → first audio bytes ${Math.round(firstBytesMs)} ms; heard ${JSON.stringify(heard.after)}`,
      );
      expect(await page.locator('.controls').getAttribute('data-status')).toBe('listening');
      const speaker = page.locator('.speaker', { hasText: 'Demo bot' });
      await speaker.waitFor();
      await expect.poll(() => speaker.getAttribute('data-speaking'), { timeout: 15_000 }).toBe('true');
      await expect.poll(() => page.locator('.listeners').textContent()).toBe(t.listeners(1));
      expect(await noHorizontalScroll(page)).toBe(true);
      await shot(page, `${name}-listening`);
      await page.getByRole('button', { name: t.leave }).click();
      await page.getByRole('button', { name: t.listen }).waitFor();
      await page.context().close();
    });
  }

  it('shows reactions as they come; a hostile display name stays text', async () => {
    const page = await openGuest(`${stack.serviceUrl}/r/${bot.roomId}`, 'en-US', PHONE);
    await listen(page, 'Listen');
    const token = await signUp('<img src=x onerror="window.__pwned=1">Mallory');
    const reacted = await api(`/v1/rooms/${bot.roomId}/reactions`, {
      method: 'POST',
      token,
      body: { emoji: '🔥' },
    });
    expect(reacted.status).toBe(200);
    const reaction = page.locator('.reaction');
    await reaction.waitFor({ timeout: 10_000 });
    expect(await reaction.locator('.emoji').textContent()).toBe('🔥');
    expect(await reaction.locator('.who').textContent()).toBe(
      '<img src=x onerror="window.__pwned=1">Mallory',
    );
    expect(await page.locator('#player img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await shot(page, 'en-360-reaction');
    await page.context().close();
  });
});

describe('rooms that are not playing', () => {
  it('scheduled: "scheduled for" and a countdown, then Listen appears by itself when the host starts it', async () => {
    const token = await signUp('Planner');
    const scheduledFor = new Date(Date.now() + 90 * 60 * 1000 + 30_000).toISOString();
    const created = await api('/v1/rooms', {
      method: 'POST',
      token,
      body: { title: '<script>window.__pwned=1</script> Débat du soir', scheduledFor },
    });
    expect(created.status).toBe(201);
    const roomId = created.body.room.id as string;
    const page = await openGuest(`${stack.serviceUrl}/r/${roomId}`, 'fr-FR', PHONE);
    const countdown = page.locator('.countdown');
    await countdown.waitFor();
    expect(await page.locator('.state').textContent()).toMatch(/^Prévu le .+Commence dans 1 h 30 min$/);
    const left = Number(await countdown.getAttribute('data-left-ms'));
    await expect.poll(async () => Number(await countdown.getAttribute('data-left-ms'))).toBeLessThan(left);
    expect(await page.locator('h1').textContent()).toBe('<script>window.__pwned=1</script> Débat du soir');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.getByRole('button', { name: 'Écouter' }).count()).toBe(0);
    expect(await noHorizontalScroll(page)).toBe(true);
    await shot(page, 'fr-360-scheduled');

    expect((await api(`/v1/rooms/${roomId}/start`, { method: 'POST', token })).status).toBe(200);
    await page.getByRole('button', { name: 'Écouter' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.state').textContent()).toBe('En direct');
    await api(`/v1/rooms/${roomId}`, { method: 'DELETE', token });
    await page.context().close();
  });

  it('unknown and malformed ids: a 404 page in the browser language, no stack trace', async () => {
    for (const [id, locale, title] of [
      ['Nope000000', 'en-US', 'Room not found'],
      ['<script>alert(1)</script>', 'fr-FR', 'Salon introuvable'],
    ] as const) {
      const context = await guestContext(browser, { locale, ...PHONE });
      const page = await context.newPage();
      const response = await page.goto(`${stack.serviceUrl}/r/${encodeURIComponent(id)}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.content()).not.toMatch(/\bat \S+ \(|Error:|node_modules/);
      await shot(page, `${locale.slice(0, 2)}-360-missing`);
      await context.close();
    }
  });
});

describe('a guest listening when things change', () => {
  it('the host ends the room: the guest is told it ended', async () => {
    const token = await signUp('Short show');
    const created = await api('/v1/rooms', { method: 'POST', token, body: { title: 'Ends soon' } });
    const roomId = created.body.room.id as string;
    const speaker = await startBot(stack.serviceUrl, ['--room', roomId, '--name', 'Guest speaker']);
    try {
      const page = await openGuest(`${stack.serviceUrl}/r/${roomId}`, 'en-US', PHONE);
      await listen(page, 'Listen');
      expect((await api(`/v1/rooms/${roomId}`, { method: 'DELETE', token })).status).toBe(204);
      await expect
        .poll(() => page.locator('.state').textContent(), { timeout: 15_000 })
        .toBe('This room has ended.');
      expect(await page.locator('.controls').count()).toBe(0); // no Listen, no Leave: nothing left to do
      expect(await page.locator('audio').count()).toBe(0);
      await shot(page, 'en-360-ended');
      await page.context().close();
    } finally {
      await speaker.stop();
    }
  });

  it('the network drops for 12 s (DevTools offline): the audio keeps going or comes back, and signalling resumes by itself', async () => {
    const page = await openGuest(`${stack.serviceUrl}/r/${bot.roomId}`, 'en-US', PHONE);
    await listen(page, 'Listen');
    await expect.poll(() => page.locator('.listeners').textContent()).toBe('1 listener');
    const cdp = await page.context().newCDPSession(page);
    const network = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
    await network(true);
    const seen = new Set<string>();
    for (const end = Date.now() + 12_000; Date.now() < end; ) {
      seen.add((await page.locator('.controls').getAttribute('data-status')) ?? '');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await network(false);
    const onlineAt = Date.now();
    // Back online: still (or again) listening, the bot heard, with no click.
    await expect
      .poll(() => page.locator('.controls').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('listening');
    await waitForGuestAudio(page, { timeoutMs: 60_000 });
    // Signalling is back too: a second guest joining shows up in the first one's listener count.
    const second = await page.context().newPage();
    await second.goto(`${stack.serviceUrl}/r/${bot.roomId}`);
    await second.getByRole('button', { name: 'Listen' }).click();
    await expect
      .poll(() => page.locator('.listeners').textContent(), { timeout: 60_000 })
      .toBe('2 listeners');
    console.log(
      `[guest] offline 12 s: statuses seen ${[...seen].join(', ')}; back ${Date.now() - onlineAt} ms after online`,
    );
    expect(seen.has('failed') || seen.has('ended')).toBe(false);
    await page.context().close();
  });

  it('LiveKit restarts under a listening guest: Reconnecting, then the audio comes back with no click', async () => {
    const page = await openGuest(`${stack.serviceUrl}/r/${bot.roomId}`, 'en-US', DESKTOP);
    await listen(page, 'Listen');
    const status = () => page.locator('.controls').getAttribute('data-status');
    const { seen, stop: stopWatching } = watchChanges(status);
    const { downMs } = await stack.restartLiveKit();
    const upAt = Date.now();
    try {
      await expect.poll(status, { timeout: 120_000, interval: 200 }).toBe('listening');
      await waitForGuestAudio(page, { timeoutMs: 60_000 });
    } finally {
      await stopWatching();
    }
    console.log(
      `[guest] LiveKit down ${downMs} ms; audio back ${Date.now() - upAt} ms after it was up; seen ${seen.join(' → ')}`,
    );
    expect(seen).toContain('reconnecting');
    expect(seen.at(-1)).toBe('listening');
    await shot(page, 'en-desktop-after-restart');
    await page.context().close();
  });
});
