/** Tokens from the rooms service, used for real against LiveKit with @livekit/rtc-node. */
import { dispose, RoomEvent } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAndMeasureAudio } from './support/audio-meter.ts';
import { api, postRoom, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';
import {
  connectRoom,
  microphoneOptions,
  publishTone,
  type TonePublisher,
  toneTrack,
} from './support/sine-publisher.ts';

afterAll(() => dispose());
const fixture = useServiceFixture();
let hostUser: TestUser;
beforeAll(async () => {
  hostUser = await signUpUser(fixture.service, 'host');
});

const createRoom = (title: string) => postRoom(fixture.service, hostUser, { title });

interface ListenerGrant {
  url: string;
  token: string;
  identity: string;
}

async function listenerGrant(roomId: string): Promise<ListenerGrant> {
  const listen = await api(fixture.service, `/v1/rooms/${roomId}/listen`, { method: 'POST', body: {} });
  expect(listen.status).toBe(200);
  return listen.body;
}

/** Runs `test` in a live room whose host publishes a tone, with a listener's grant for it; the host stops after. */
async function inToneRoom(
  title: string,
  test: (tone: { room: { id: string }; publisher: TonePublisher; grant: ListenerGrant }) => Promise<void>,
) {
  const { room, host } = await createRoom(title);
  const publisher = await publishTone(host.url, host.token);
  try {
    await test({ room, publisher, grant: await listenerGrant(room.id) });
  } finally {
    await publisher.stop();
  }
}

describe('LiveKit enforces the grants', () => {
  it('refuses a track published with a listener token', async () => {
    const { room } = await createRoom('No mic for listeners');
    const grant = await listenerGrant(room.id);
    const listener = await connectRoom(grant.url, grant.token);
    const tone = toneTrack('sneaky');
    try {
      // LiveKit ignores the request ("no permission to publish track"), so the SDK's wait times out.
      await expect(listener.localParticipant!.publishTrack(tone.track, microphoneOptions())).rejects.toThrow(
        /timed out|permission/i,
      );
      const roomService = new RoomServiceClient(
        fixture.livekit.url,
        fixture.livekit.apiKey,
        fixture.livekit.apiSecret,
      );
      const inLiveKit = await roomService.getParticipant(room.id, grant.identity);
      expect(inLiveKit.tracks).toEqual([]);
      expect(inLiveKit.permission?.canPublish).toBe(false);
    } finally {
      await tone.stop();
      await listener.disconnect();
    }
  });

  it("delivers the host's audio to a listener, and counts both", () =>
    inToneRoom('Live tone', async ({ room, grant }) => {
      const listener = await joinAndMeasureAudio(grant.url, grant.token);
      try {
        // 50 frames of 10 ms: half a second of sound actually decoded on the listener's side.
        await listener.waitForLoudFrames(50, 15_000);

        const listed = await api(fixture.service, '/v1/rooms');
        expect(listed.body.rooms).toContainEqual(
          expect.objectContaining({ id: room.id, speakerCount: 1, listenerCount: 1 }),
        );
        // Most listeners first.
        expect(listed.body.rooms[0].id).toBe(room.id);
      } finally {
        await listener.leave();
      }
    }));

  it('disconnects everyone when the room is ended', () =>
    inToneRoom('Ending soon', async ({ room, publisher, grant }) => {
      const listener = await connectRoom(grant.url, grant.token);
      const listenerLeft = new Promise<void>((resolve) =>
        listener.once(RoomEvent.Disconnected, () => resolve()),
      );
      const hostLeft = new Promise<void>((resolve) =>
        publisher.room.once(RoomEvent.Disconnected, () => resolve()),
      );
      try {
        const ended = await api(fixture.service, `/v1/rooms/${room.id}`, {
          method: 'DELETE',
          token: hostUser.token,
        });
        expect(ended.status).toBe(204);
        await Promise.all([listenerLeft, hostLeft]);
        expect(listener.isConnected).toBe(false);

        // The listener's token, still valid, cannot bring the ended room back.
        const rejoin = connectRoom(grant.url, grant.token);
        await expect(rejoin).rejects.toThrow();
      } finally {
        await listener.disconnect().catch(() => {});
      }
    }));
});
