/**
 * The first vertical slice, end to end on real parts: Chromium with the built extension, a real LiveKit
 * server, the rooms service and a bot that speaks, goes silent for longer than Chrome's 30 s audio-only
 * limit for offscreen documents, then speaks again.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EXTENSION_DIR, type ExtensionBrowser, launchExtensionBrowser } from './harness/browser';
import { engineStats, offscreenDocumentCount, waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type BotProcess, type Stack, startBot, startStack } from './harness/stack';

declare const chrome: ExtensionChrome;

const SPEAK_MS = 12_000;
/** Longer than the 30 s after which Chrome closes an offscreen document opened for audio playback alone. */
const SILENCE_MS = 35_000;

let stack: Stack;
let bot: BotProcess;
let browser: ExtensionBrowser;

beforeAll(async () => {
  stack = await startStack();
  browser = await launchExtensionBrowser();
  await browser.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
});

afterAll(async () => {
  await browser?.close();
  await bot?.stop();
  await stack?.stop();
});

it('loads with no manifest warnings or errors', async () => {
  const page = await browser.context.newPage();
  await page.goto('chrome://extensions/');
  const info = await page.evaluate(async (id) => {
    const all = await chrome.developerPrivate.getExtensionsInfo({ includeDisabled: true });
    return all.find((e) => e.id === id);
  }, browser.extensionId);
  await page.close();
  expect(info).toBeDefined();
  expect(info?.installWarnings).toEqual([]);
  expect(info?.manifestErrors).toEqual([]);
  // Extension pages ship a strict CSP (which Chrome accepted above): own scripts only, no plugins, no
  // <base>, never framed, no form posts.
  const manifest = JSON.parse(readFileSync(`${EXTENSION_DIR}/manifest.json`, 'utf8'));
  const csp: string = manifest.content_security_policy.extension_pages;
  for (const directive of [
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toMatch(/unsafe|https?:|\*/);
});

it('joins from the popup, keeps playing through page changes and a long silence, and leaves', async () => {
  bot = await startBot(stack.serviceUrl, [
    ...['--title', 'Vertical slice', '--name', 'Demo bot'],
    ...['--speak-ms', String(SPEAK_MS), '--silence-ms', String(SILENCE_MS)],
  ]);
  const popup = await browser.openPage('popup.html');
  const row = popup.locator(`[data-room-id="${bot.roomId}"]`);
  await row.waitFor({ timeout: 15_000 });
  await expect(row.locator('.room-name').textContent()).resolves.toBe('Vertical slice');

  await row.getByRole('button', { name: 'Join Vertical slice' }).click();
  const joinedAt = Date.now();
  const first = await waitForAudio(browser, { timeoutMs: 10_000 });
  expect(first.after.remoteAudioTracks).toBe(1);
  expect(first.after.packetsReceived).toBeGreaterThan(first.before.packetsReceived);
  expect(await offscreenDocumentCount(browser)).toBe(1);

  // The popup shows the room it plays: live, the bot on stage, this listener counted.
  const nowPlaying = popup.locator('.now-playing');
  await expect.poll(() => nowPlaying.getAttribute('data-status')).toBe('connected');
  await expect(nowPlaying.locator('.room-title').textContent()).resolves.toBe('Vertical slice');
  await expect.poll(() => nowPlaying.locator('.speaker-name').allTextContents()).toEqual(['Demo bot']);
  await expect.poll(() => nowPlaying.locator('.listeners').textContent()).toBe('1 listening');
  await popup.screenshot({ path: 'test-results/popup-now-playing-360.png' });
  await popup.setViewportSize({ width: 800, height: 600 });
  await popup.screenshot({ path: 'test-results/popup-now-playing-800.png' });

  // Malformed messages, to the background and to the engine, get a clear error and change nothing.
  const refusals = await popup.evaluate(async () => {
    const send = (message: unknown) => chrome.runtime.sendMessage(message);
    return [
      await send({ target: 'background', type: 'room:join', roomId: '"><script>' }),
      await send({ target: 'background', type: 'room:leave', now: true }),
      await send({ type: 'room:leave' }),
      await send({ target: 'engine', type: 'engine:connect', roomId: 'x', url: 'http://evil', token: 't' }),
      await send({ target: 'engine', type: 'engine:disconnect', extra: 1 }),
    ];
  });
  for (const reply of refusals) {
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
  }
  expect(await offscreenDocumentCount(browser)).toBe(1);
  await waitForAudio(browser, { timeoutMs: 5_000 });
  await expect.poll(() => nowPlaying.getAttribute('data-status')).toBe('connected');

  // Close the popup and browse elsewhere: audio continues.
  await popup.close();
  const tab = await browser.context.newPage();
  await tab.goto(`${stack.serviceUrl}/health`);
  await tab.goto(`${stack.serviceUrl}/v1/rooms`);
  await waitForAudio(browser, { timeoutMs: 5_000 });

  // The bot goes silent for longer than Chrome's audio-only limit: the engine stays, in the room, quiet.
  const silentAt = await bot.nextPhase('silent', SPEAK_MS + 5_000);
  const speakingAgain = bot.nextPhase('speaking', SILENCE_MS + 10_000);
  let speaksAgainAt = 0;
  void speakingAgain.then((at) => {
    speaksAgainAt = at;
  });
  let loudestInSilence = 0;
  while (!speaksAgainAt) {
    await tab.waitForTimeout(1000);
    const stats = await engineStats(browser);
    expect(stats, 'the engine is still in the room').not.toBeNull();
    expect(await offscreenDocumentCount(browser)).toBe(1);
    if (!speaksAgainAt && Date.now() - silentAt > 1500) {
      loudestInSilence = Math.max(loudestInSilence, stats!.audioLevel);
    }
  }
  expect(speaksAgainAt - silentAt).toBeGreaterThan(30_000);
  expect(loudestInSilence, 'the silence reached the listener').toBeLessThan(0.002);

  // The bot speaks again and the listener hears it, more than 40 s after joining.
  const resumed = await waitForAudio(browser, { timeoutMs: 10_000 });
  expect(resumed.after.audioLevel).toBeGreaterThan(0.005);
  expect(Date.now() - joinedAt).toBeGreaterThan(40_000);

  // A popup opened now shows the same room; Leave stops audio and the offscreen document goes away.
  const again = await browser.openPage('popup.html');
  await expect.poll(() => again.locator('.now-playing').getAttribute('data-status')).toBe('connected');
  await again.getByRole('button', { name: 'Leave' }).click();
  await expect.poll(() => offscreenDocumentCount(browser), { timeout: 10_000 }).toBe(0);
  expect(await engineStats(browser)).toBeNull();
  await expect.poll(() => again.locator('.now-playing').count()).toBe(0);
  await expect.poll(() => again.locator(`[data-room-id="${bot.roomId}"] .join`).count()).toBe(1);
});

it('shows the popup in French to a French browser', async () => {
  const french = await launchExtensionBrowser({ lang: 'fr' });
  try {
    await french.inWorker((url) => chrome.storage.local.set({ serviceUrl: url }), stack.serviceUrl);
    const popup = await french.openPage('popup.html', { width: 360, height: 600 });
    await expect.poll(() => popup.locator('#live-rooms').textContent()).toBe('Salons en direct');
    await expect(popup.locator('html').getAttribute('lang')).resolves.toMatch(/^fr/);
    const join = popup.locator(`[data-room-id="${bot.roomId}"] .join`);
    await expect.poll(() => join.textContent()).toBe('Rejoindre');
    await popup.screenshot({ path: 'test-results/popup-rooms-fr-360.png' });
  } finally {
    await french.close();
  }
});
