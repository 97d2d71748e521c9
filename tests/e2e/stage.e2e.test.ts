/**
 * The stage, end to end with two browsers (host and listener), each with the extension, on a real LiveKit
 * server and the rooms service: sign up, follow, host from the popup, raise a hand, invite, speak (a fake
 * microphone playing a tone), mute, react, and end the room.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtensionBrowser } from './harness/browser';
import { engineStats, waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { type Lang, message } from './harness/locale';
import { followFromSearch, goLive } from './harness/popup-actions';
import { type Stack, startStack } from './harness/stack';
import { writeToneWav } from './harness/tone-wav';

declare const chrome: ExtensionChrome;

let stack: Stack;
const PASSWORD = 'a long enough password';

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function signUp(popup: Page, lang: Lang, username: string, displayName: string) {
  await popup.getByRole('button', { name: message(lang, 'noAccount') }).click();
  await popup.getByLabel(message(lang, 'username')).fill(username);
  await popup.getByLabel(message(lang, 'displayName')).fill(displayName);
  await popup.getByLabel(message(lang, 'password')).fill(PASSWORD);
  await popup.getByRole('button', { name: message(lang, 'createAccount') }).click();
  await popup.getByRole('button', { name: message(lang, 'signOut') }).waitFor();
}

/** Screenshots at the popup's two reference widths, saved under test-results/ for review. */
async function snap(popup: Page, name: string) {
  for (const width of [360, 800]) {
    await popup.setViewportSize({ width, height: 600 });
    await popup.screenshot({ path: `test-results/popup-${name}-${width}.png` });
  }
  await popup.setViewportSize({ width: 380, height: 600 });
}

const status = (popup: Page) => popup.locator('.now-playing').getAttribute('data-status');
const role = (popup: Page) => popup.locator('.now-playing .role').textContent();

// Run twice with the languages swapped, so every popup state is seen (and screenshotted) in both.
describe.each([
  ['en', 'fr'],
  ['fr', 'en'],
] as Array<[Lang, Lang]>)('host in %s, listener in %s', (hostLang, listenerLang) => {
  let host: ExtensionBrowser;
  let listener: ExtensionBrowser;
  const suffix = `${hostLang}${Date.now().toString(36).slice(-4)}`;
  const HOST = `host${suffix}`;
  const LISTENER = `ann${suffix}`;
  const h = (key: string, ...subs: Array<string | number>) => message(hostLang, key, ...subs);
  const fr = (key: string, ...subs: Array<string | number>) => message(listenerLang, key, ...subs);

  beforeAll(async () => {
    const tone = writeToneWav(path.resolve('.tmp/e2e/listener-tone.wav'), { seconds: 30 });
    [host, listener] = await Promise.all([
      launchExtensionBrowser({ lang: hostLang }),
      launchExtensionBrowser({ fakeAudioFile: tone, lang: listenerLang }),
    ]);
    for (const browser of [host, listener]) {
      await browser.useService(stack.serviceUrl);
    }
  });
  afterAll(async () => {
    await Promise.all([host?.close(), listener?.close()]);
  });

  it('follow, join, raise hand, invite, speak, mute, react, end', async () => {
    const hostPopup = await host.openPage('popup.html');
    const listenerPopup = await listener.openPage('popup.html');
    await snap(hostPopup, `signed-out-${hostLang}`);
    await snap(listenerPopup, `signed-out-${listenerLang}`);
    await signUp(hostPopup, hostLang, HOST, 'Hana Host');
    await signUp(listenerPopup, listenerLang, LISTENER, 'Ann Listener');
    await snap(listenerPopup, `no-follows-${listenerLang}`);

    // The listener follows the host by username.
    await followFromSearch(listenerPopup, listenerLang, HOST);

    // The host starts a room from the toolbar and is on stage as host.
    await goLive(hostPopup, hostLang, 'Stage test');
    await expect.poll(() => status(hostPopup), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => role(hostPopup)).toBe(h('roleHost'));
    await snap(hostPopup, `host-live-${hostLang}`);

    // The listener finds it under followed accounts and joins as a listener.
    await listenerPopup.reload();
    await snap(listenerPopup, `followed-live-${listenerLang}`);
    await listenerPopup.getByRole('button', { name: fr('joinRoomAria', 'Stage test') }).click();
    await expect.poll(() => status(listenerPopup), { timeout: 15_000 }).toBe('connected');
    await expect.poll(() => role(listenerPopup)).toBe(fr('roleListener'));
    await expect
      .poll(() => listenerPopup.locator('.now-playing .speaker-name').allTextContents())
      .toEqual(['Hana Host']);

    // A listener who publishes anyway (a crafted engine message) is refused, and still shown as a listener.
    const crafted = await listenerPopup.evaluate(() =>
      chrome.runtime.sendMessage({ target: 'engine', type: 'engine:microphone', enabled: true }),
    );
    expect(crafted).toMatchObject({ ok: false });
    expect(await role(listenerPopup)).toBe(fr('roleListener'));
    expect((await engineStats(host))?.remoteAudioTracks).toBe(0);

    // Raise hand → the host sees the request and invites → the listener is a speaker, muted until they unmute.
    await listenerPopup.getByRole('button', { name: fr('raiseHand') }).click();
    await listenerPopup.getByRole('button', { name: fr('lowerHand') }).waitFor();
    await snap(listenerPopup, `listener-hand-raised-${listenerLang}`);
    const invite = hostPopup.getByRole('button', { name: h('inviteAria', 'Ann Listener') });
    await invite.waitFor({ timeout: 10_000 });
    await snap(hostPopup, `host-requests-${hostLang}`);
    await invite.click();
    await expect.poll(() => role(listenerPopup), { timeout: 10_000 }).toBe(fr('roleSpeaker'));
    await expect(listenerPopup.getByRole('button', { name: fr('raiseHand') }).count()).resolves.toBe(0);
    await listenerPopup.getByRole('button', { name: fr('unmute') }).click();
    await listenerPopup.getByRole('button', { name: fr('mute'), exact: true }).waitFor({ timeout: 15_000 });
    await snap(listenerPopup, `speaker-${listenerLang}`);

    // The listener's microphone (a 440 Hz tone) reaches the host.
    const heard = await waitForAudio(host, { timeoutMs: 15_000, minLevel: 0.02 });
    expect(heard.after.remoteAudioTracks).toBe(1);

    // The host mutes them: the audio stops and both views show them muted.
    await hostPopup.getByRole('button', { name: 'Ann Listener' }).click();
    await hostPopup
      .getByRole('button', { name: h('muteSpeaker'), exact: true })
      .last()
      .click();
    await expect
      .poll(async () => (await engineStats(host))?.audioLevel ?? 1, { timeout: 10_000 })
      .toBeLessThan(0.002);
    await expect
      .poll(() => hostPopup.locator(`.speaker[data-muted="true"] .speaker-name`).allTextContents())
      .toContain('Ann Listener');
    await expect.poll(() => listenerPopup.getByRole('button', { name: fr('unmute') }).count()).toBe(1);

    // A reaction from one is shown to the other.
    await listenerPopup.getByRole('button', { name: fr('reactWith', '👏') }).click();
    await expect
      .poll(() => hostPopup.locator('.speaker[data-identity] .reaction-badge').allTextContents(), {
        timeout: 10_000,
      })
      .toContain('👏');
    await snap(hostPopup, `host-reaction-${hostLang}`);

    // The host ends the room; the listener's view says so.
    await hostPopup.getByRole('button', { name: h('endRoom') }).click();
    await expect
      .poll(() => listenerPopup.locator('.notice').textContent(), { timeout: 15_000 })
      .toContain(fr('endedRoom'));
    await snap(listenerPopup, `room-ended-${listenerLang}`);
  });
});
