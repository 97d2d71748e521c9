/**
 * The LiveKit server restarts (or crashes and is started again) under a room the extension is playing:
 * the popup shows Reconnecting, the bot (the host) gets back in, and the listener's audio comes back by
 * itself, with no click. The time to resume is measured.
 */
import { expect, it } from 'vitest';
import { engineStats, offscreenDocumentCount, waitForAudio } from './harness/engine-probe';
import { useListeningSession } from './harness/hooks';
import { recordRecovery } from './harness/recovery-log';
import { watchChanges } from './harness/watch-changes';

const session = useListeningSession({ title: 'Through restarts' });

it.each([
  { fault: 'LiveKit server restarted', crash: false },
  { fault: 'LiveKit server crashed and restarted', crash: true },
])('$fault: Reconnecting shows, then the audio resumes by itself', async ({ fault, crash }) => {
  const { browser, stack } = session;
  const popup = await browser.openPage('popup.html');
  const status = () => popup.locator('.now-playing').getAttribute('data-status');
  await expect.poll(status).toBe('connected');
  const before = await engineStats(browser);
  expect(before?.remoteAudioTracks).toBe(1);

  // Watch what the popup shows, every 100 ms, through the whole fault.
  const { seen, stop: stopWatching } = watchChanges(status);

  const stoppedAt = Date.now();
  const { downMs } = await stack.restartLiveKit({ crash });
  const upAt = Date.now();
  try {
    await expect.poll(status, { timeout: 120_000, interval: 100 }).toBe('connected');
    // Bytes counted from a new connection: they grow again, and the bot is heard.
    await waitForAudio(browser, { timeoutMs: 30_000 });
    // Settled: still connected once the audio is back (a resume may take a second look at the network).
    await expect.poll(status, { timeout: 30_000, interval: 100 }).toBe('connected');
  } finally {
    await stopWatching();
  }
  // The watcher samples every 100 ms: add what the popup shows now, which the poll above just saw.
  const settled = await status();
  if (settled && seen.at(-1) !== settled) seen.push(settled);
  const heardAt = Date.now();
  // Connected, then Reconnecting (while getting back in it may show Joining), then connected again:
  // never idle, never an error, and no click needed.
  expect(seen[0]).toBe('connected');
  expect(seen[1]).toBe('reconnecting');
  expect(seen.at(-1)).toBe('connected');
  expect(seen.filter((status) => !['connected', 'reconnecting', 'joining'].includes(status))).toEqual([]);
  // The room it plays is still the one the user chose, with the bot on stage, in one offscreen document.
  await expect(popup.locator('.room-title').textContent()).resolves.toBe('Through restarts');
  expect((await engineStats(browser))?.remoteAudioTracks).toBe(1);
  expect(await offscreenDocumentCount(browser)).toBe(1);

  recordRecovery({
    fault,
    until: 'audio heard again in the offscreen engine',
    ms: heardAt - upAt,
    from: 'LiveKit answered again',
    note: `LiveKit was down ${downMs} ms`,
  });
  recordRecovery({
    fault,
    until: 'audio heard again in the offscreen engine',
    ms: heardAt - stoppedAt,
    from: 'the restart began',
  });
  console.log(`${fault}: popup showed ${seen.join(' → ')}`);
  await popup.close();
});
