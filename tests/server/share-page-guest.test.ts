/**
 * A share-page guest (the token `POST /v1/rooms/:id/listen` mints, asked for as the page asks, with its own
 * Origin) can listen and nothing more: LiveKit refuses a crafted audio track and drops crafted data messages
 * (a fake reaction) before anyone receives them.
 */
import { dispose, type Room, RoomEvent } from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { REACTION_TOPIC } from '../../wire/reactions.ts';
import { api, postRoom, signUpUser, useServiceFixture } from './support/service-fixture.ts';
import { connectRoom, microphoneOptions, toneTrack } from './support/sine-publisher.ts';

// Registered first, so it runs last: after the fixture has stopped.
afterAll(() => dispose());
const fixture = useServiceFixture();

describe('a share-page guest', () => {
  it('cannot publish audio or data, even with a crafted client', async () => {
    const host = await signUpUser(fixture.service, 'host');
    const { room, host: hostGrant } = await postRoom(fixture.service, host, { title: 'Guests listen' });
    const roomId = room.id;
    const guestGrant = await api(fixture.service, `/v1/rooms/${roomId}/listen`, {
      method: 'POST',
      body: {},
      headers: { origin: new URL(fixture.service.url).origin },
    });
    expect(guestGrant.status).toBe(200);
    const { url, token, identity } = guestGrant.body as { url: string; token: string; identity: string };
    expect(identity).toMatch(/^guest-/);

    const hostRoom: Room = await connectRoom(hostGrant.url, hostGrant.token);
    const received: string[] = [];
    hostRoom.on(RoomEvent.DataReceived, (payload, _participant, _kind, topic) =>
      received.push(`${topic}:${new TextDecoder().decode(payload)}`),
    );
    const guest: Room = await connectRoom(url, token);
    const tone = toneTrack('crafted');
    try {
      const roomService = new RoomServiceClient(
        fixture.livekit.url,
        fixture.livekit.apiKey,
        fixture.livekit.apiSecret,
      );
      const inLiveKit = await roomService.getParticipant(roomId, identity);
      expect(inLiveKit.permission).toMatchObject({ canPublish: false, canPublishData: false });

      // LiveKit ignores the track ("no permission to publish track"), so the SDK's wait times out.
      await expect(guest.localParticipant!.publishTrack(tone.track, microphoneOptions())).rejects.toThrow(
        /timed out|permission/i,
      );
      // A fake reaction: the SDK may send it, LiveKit must not deliver it.
      const fake = JSON.stringify({ identity: 'u-someone', name: 'Host', emoji: '🔥' });
      await guest
        .localParticipant!.publishData(new TextEncoder().encode(fake), {
          reliable: true,
          topic: REACTION_TOPIC,
        })
        .catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(received).toEqual([]);
      expect((await roomService.getParticipant(roomId, identity)).tracks).toEqual([]);

      // The host's own channel works: the silence above is the guest's lack of permission.
      const hostMessage = new TextEncoder().encode('hello');
      const guestReceived: string[] = [];
      guest.on(RoomEvent.DataReceived, (payload) => guestReceived.push(new TextDecoder().decode(payload)));
      await hostRoom.localParticipant!.publishData(hostMessage, { reliable: true, topic: 'check' });
      await expect.poll(() => guestReceived, { timeout: 5000 }).toEqual(['hello']);
    } finally {
      await tone.stop();
      await guest.disconnect();
      await hostRoom.disconnect();
    }
  });
});
