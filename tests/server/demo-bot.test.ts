/** The demo bot speaks for real: a listener with a service-issued token hears it, in cycles. */
import { dispose } from '@livekit/rtc-node';
import { afterAll, describe, expect, it } from 'vitest';
import { runDemoBot } from '../../scripts/demo-bot.ts';
import { hearLoudFrames, joinAndMeasureAudio } from './support/audio-meter.ts';
import { api, postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';

afterAll(() => dispose());
const fixture = useServiceFixture();

/** The longest stretch without sound between the first and last loud frame. */
function longestGapMs(times: number[]): number {
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

describe('demo bot', () => {
  it('creates a listed room and speaks in speak/silence cycles that a listener hears', async () => {
    const speakMs = 1200;
    const silenceMs = 1500;
    const bot = await runDemoBot({ serviceUrl: fixture.service.url, title: 'Bot show', speakMs, silenceMs });
    try {
      const listed = await api(fixture.service, '/v1/rooms');
      expect(listed.body.rooms).toContainEqual(
        expect.objectContaining({ id: bot.roomId, title: 'Bot show', hostName: 'Demo bot', speakerCount: 1 }),
      );

      const grant = await api(fixture.service, `/v1/rooms/${bot.roomId}/listen`, {
        method: 'POST',
        body: {},
      });
      const listener = await joinAndMeasureAudio(grant.body.url, grant.body.token);
      try {
        await listener.waitForLoudFrames(20, 10_000);
        // Through at least one full silence and into the next speaking period.
        await new Promise((resolve) => setTimeout(resolve, speakMs + silenceMs + 500));
        await listener.waitForLoudFrames(20, 5_000);

        const times = listener.loudFrameTimes();
        // Speech has short pauses (under 800 ms between sentences); the silence period is longer.
        expect(longestGapMs(times)).toBeGreaterThan(silenceMs - 400);
        expect(times.at(-1)! - times[0]!).toBeGreaterThan(speakMs + silenceMs);
      } finally {
        await listener.leave();
      }
    } finally {
      await bot.stop();
    }
    // The bot ends the room it created.
    const after = await api(fixture.service, '/v1/rooms');
    expect(after.body.rooms.map((room: { id: string }) => room.id)).not.toContain(bot.roomId);
  });

  it('joins an existing room as a speaker with --room', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const roomId = (await postRoom(fixture.service, host, { title: 'Guest spot' })).room.id;
    const bot = await runDemoBot({ serviceUrl: fixture.service.url, roomId, name: 'Guest bot' });
    try {
      expect(bot.roomId).toBe(roomId);
      const grant = await api(fixture.service, `/v1/rooms/${roomId}/listen`, { method: 'POST', body: {} });
      await hearLoudFrames(grant.body, 20, 10_000);
    } finally {
      await bot.stop();
    }
    // It did not create the room, so it leaves it live.
    const after = await api(fixture.service, '/v1/rooms');
    expect(after.body.rooms.map((room: { id: string }) => room.id)).toContain(roomId);
  });
});
