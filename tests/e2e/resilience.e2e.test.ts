/**
 * Faults a listener must ride out without losing the room, each caused for real: the browser stopping the
 * extension's service worker, and the browser closing the offscreen document that plays the room.
 */
import { expect, it } from 'vitest';
import { engineStats, offscreenDocumentCount, waitForAudio } from './harness/engine-probe';
import type { ExtensionChrome } from './harness/extension-chrome';
import { useListeningSession } from './harness/hooks';
import { type RecoveryRecord, recordRecovery } from './harness/recovery-log';

declare const chrome: ExtensionChrome & { offscreen: { closeDocument(): Promise<void> } };

const session = useListeningSession({ title: 'Resilience' });

/** Audio plays again, from one offscreen document; the time since `since` goes to the recovery log. */
async function expectPlayingAgain(since: number, record: Omit<RecoveryRecord, 'ms'>, timeoutMs?: number) {
  await waitForAudio(session.browser, { timeoutMs });
  expect(await offscreenDocumentCount(session.browser)).toBe(1);
  recordRecovery({ ...record, ms: Date.now() - since });
}

it('keeps playing when the browser stops the service worker, and the popup still shows the room', async () => {
  const { browser } = session;
  // Stop it the way the browser does when it is idle, through the DevTools protocol.
  const page = await browser.context.newPage(); // a plain tab: no extension page keeps the worker busy
  const cdp = await browser.context.newCDPSession(page);
  const status = new Map<string, string>();
  /** Every status each worker version went through, in order (a stop may be followed at once by a wake-up). */
  const history = new Map<string, string[]>();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions)
      if (v.scriptURL.endsWith('/background.js')) {
        status.set(v.versionId, v.runningStatus);
        history.set(v.versionId, [...(history.get(v.versionId) ?? []), v.runningStatus]);
      }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => [...status.values()]).toContain('running');
  const stoppedAt = Date.now();
  const runningBefore = [...status].filter(([, s]) => s === 'running').map(([id]) => id);
  for (const id of runningBefore) history.set(id, []);
  await cdp.send('ServiceWorker.stopAllWorkers');
  // Every worker that ran was stopped (the engine's next message may wake it again right after).
  await expect
    .poll(() => runningBefore.every((id) => history.get(id)?.includes('stopped')), { timeout: 10_000 })
    .toBe(true);
  // The offscreen document that plays the room outlived the worker. (The engine's next speaker update may
  // already have woken a new worker: that is how it is meant to come back.)
  const { targetInfos } = await cdp.send('Target.getTargets');
  expect(targetInfos.filter((t) => t.url.endsWith('/offscreen.html'))).toHaveLength(1);

  // The offscreen document, not the worker, holds the room: audio goes on while the worker is gone.
  const popup = await browser.openPage('popup.html'); // wakes a new worker, which rebuilds its state
  await expect
    .poll(() => popup.locator('.now-playing').getAttribute('data-status'), { timeout: 10_000 })
    .toBe('connected');
  await expect(popup.locator('.room-title').textContent()).resolves.toBe('Resilience');
  await expect(popup.locator('.now-playing .role').textContent()).resolves.toBe('Listener');
  await expectPlayingAgain(stoppedAt, {
    fault: 'Service worker stopped (DevTools protocol)',
    until: 'popup shows the room, role and live audio',
    from: 'the worker was stopped',
  });
  await popup.close();
  await page.close();
});

it('rejoins by itself when the browser closes the offscreen document', async () => {
  const { browser } = session;
  const before = await engineStats(browser);
  expect(before?.remoteAudioTracks).toBe(1);
  const closedAt = Date.now();
  await browser.inWorker(() => chrome.offscreen.closeDocument(), null);
  expect(await engineStats(browser)).toBeNull();

  // The next look at the session (here, a popup opening; otherwise the 30 s watchdog alarm) rejoins.
  const popup = await browser.openPage('popup.html');
  await expect
    .poll(() => popup.locator('.now-playing').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('connected');
  await expectPlayingAgain(
    closedAt,
    {
      fault: 'Offscreen document closed by the browser',
      until: 'audio heard again in a new offscreen document',
      from: 'the document was closed',
    },
    15_000,
  );
});
