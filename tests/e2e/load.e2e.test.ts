/**
 * Load: the extension listens in Chromium to a room where the demo bot speaks, then 100 headless
 * listeners (LiveKit's Go SDK, see harness/load-listener-pool.ts) join the same room the way the extension
 * does — each its own account, a token from the service's join route, then LiveKit — in a storm of 100
 * joins spread over 10 s. They stay for a window while the extension must keep hearing the bot; then
 * they leave and it must still hear. CPU and memory of LiveKit and of the service (its own process
 * here, see harness/load-stack.ts) are printed; `npm run bench:load` runs the same longer and bigger
 * and writes BENCHMARKS.md.
 *
 * The service runs with its default limits: the join route has no rate limit, and sign-ups are limited
 * per client address and username, so 100 distinct people signing up from one address pass.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { waitForAudio } from './harness/engine-probe';
import {
  joinStorm,
  type LoadRun,
  percentile,
  pollPresence,
  signUpListeners,
  startLoadRun,
  watchWindow,
} from './harness/load-listeners';
import type { UsageSummary } from './harness/load-usage';

const LISTENERS = 100;
const STORM_MS = 10_000;
const WINDOW_MS = 20_000;
/** A decoded level above this is audible speech (the bot's silence reads below 0.002). */
const AUDIBLE = 0.005;

let run: LoadRun;

beforeAll(async () => {
  run = await startLoadRun();
});

afterAll(async () => {
  await run?.stop();
});

const ms = (values: Array<number | undefined>) => {
  const known = values.filter((v): v is number => v !== undefined);
  return `p50 ${percentile(known, 50).toFixed(0)} / p95 ${percentile(known, 95).toFixed(0)} / max ${Math.max(...known).toFixed(0)} ms`;
};
const usage = (summary: Record<string, UsageSummary>) =>
  Object.entries(summary)
    .map(
      ([name, u]) =>
        `${name} ${u.cpuPercent.toFixed(0)} % CPU (peak ${u.peakCpuPercent.toFixed(0)} %), ${u.peakRssMb.toFixed(0)} MB RSS`,
    )
    .join('; ');

// About 45 s on two cores (a minute with the set-up); the margin is for a machine shared with other jobs.
it('100 listeners join in a 10 s storm and stay while the extension keeps hearing the room', {
  timeout: 300_000,
}, async () => {
  const { stack, bot, browser, popup, pool, usagePids } = run;
  const roomId = bot.roomId;
  const nowPlaying = popup.locator('.now-playing');
  await expect.poll(() => nowPlaying.locator('.listeners').textContent()).toBe('1 listening');

  // The storm: 100 people, each signed in, press Join within 10 s.
  const sessions = await signUpListeners(stack.serviceUrl, LISTENERS);
  const storm = await joinStorm({
    serviceUrl: stack.serviceUrl,
    roomId,
    sessions,
    spreadMs: STORM_MS,
    pool,
    usagePids,
  });
  console.log(
    `join storm of ${LISTENERS} in ${STORM_MS / 1000} s: join route ${ms(storm.joins.map((j) => j.joinMs))}; ` +
      `LiveKit connect ${ms(storm.joins.map((j) => j.connectMs))}; audio subscribed ${ms(storm.joins.map((j) => j.subscribedMs))}; ` +
      `all answered by ${storm.joinPhaseMs.toFixed(0)} ms, all in by ${storm.durationMs.toFixed(0)} ms; ${usage(storm.usage)}`,
  );
  expect(
    storm.joins.filter((j) => !j.joined).map((j) => j.error),
    'every join request got a token',
  ).toEqual([]);
  expect(storm.joins.every((j) => j.role === 'listener')).toBe(true);
  // The requests go out over 10 s; the last answers come at most a few seconds later.
  expect(storm.joinPhaseMs).toBeLessThan(STORM_MS + 5_000);
  expect(
    storm.joins.filter((j) => !j.connected).map((j) => `${j.index}: ${j.error}`),
    'every listener connected to LiveKit and subscribed to the bot',
  ).toEqual([]);

  // LiveKit has everyone; the service's directory and the extension's own popup count them.
  const everyone = await pollPresence(
    stack,
    roomId,
    (p) => p.livekitParticipants === LISTENERS + 2 && p.directory?.listenerCount === LISTENERS + 1,
    20_000,
  );
  expect(everyone.livekitParticipants, 'the bot, the extension and the 100').toBe(LISTENERS + 2);
  expect(everyone.directory).toEqual({ listenerCount: LISTENERS + 1, speakerCount: 1 });
  await expect
    .poll(() => nowPlaying.locator('.listeners').textContent(), { timeout: 15_000 })
    .toBe(`${LISTENERS + 1} listening`);

  // The window: the extension keeps receiving and decoding the bot's speech, every 5 s slice of it,
  // and every headless listener keeps receiving it too.
  const window = await watchWindow({ browser, pool, windowMs: WINDOW_MS, usagePids });
  console.log(
    `window of ${(window.windowMs / 1000).toFixed(1)} s with ${LISTENERS} listeners: extension ` +
      `${(window.bytesPerSecond / 1000).toFixed(1)} kB/s, ${window.packetsPerSecond.toFixed(0)} packets/s, ` +
      `longest stall ${window.longestStallMs.toFixed(0)} ms; headless listeners receiving ${window.listenersReceiving}/${LISTENERS} ` +
      `(median ${(window.listenerBytesPerSecondMedian / 1000).toFixed(1)} kB/s); ${usage(window.usage)}`,
  );
  expect(window.slices.length).toBe(WINDOW_MS / 5000);
  for (const slice of window.slices) {
    expect(slice.bytes, `audio bytes arrived ${slice.fromMs}–${slice.toMs} ms`).toBeGreaterThan(0);
    expect(slice.maxLevel, `the bot was audible ${slice.fromMs}–${slice.toMs} ms`).toBeGreaterThan(AUDIBLE);
  }
  // Even through the bot's pauses Opus keeps sending (comfort noise at least every 400 ms): two seconds
  // without a single new byte would be a dropout a listener hears.
  expect(window.longestStallMs, 'no gap in the audio').toBeLessThan(2_000);
  expect([...pool.dropped], 'no listener was dropped').toEqual([]);
  expect(window.listenersConnected).toBe(LISTENERS);
  expect(window.listenersRead, "every headless listener's stats were read").toBe(LISTENERS);
  expect(window.listenersReceiving, 'every headless listener received audio in the window').toBe(LISTENERS);

  // They all leave: the counts go back down and the extension still hears the bot.
  await pool.leave();
  const after = await pollPresence(
    stack,
    roomId,
    (p) => p.livekitParticipants === 2 && p.directory?.listenerCount === 1,
    30_000,
  );
  expect(after.livekitParticipants).toBe(2);
  expect(after.directory).toEqual({ listenerCount: 1, speakerCount: 1 });
  await expect
    .poll(() => nowPlaying.locator('.listeners').textContent(), { timeout: 15_000 })
    .toBe('1 listening');
  await expect.poll(() => nowPlaying.getAttribute('data-status')).toBe('connected');
  const still = await waitForAudio(browser, { timeoutMs: 10_000, minLevel: AUDIBLE });
  expect(still.after.remoteAudioTracks).toBe(1);
});
