/**
 * `GET /v1/rooms` with many callers (and many instances): LiveKit is asked about a live room at most
 * once per couple of seconds per instance, however many requests come, and a room it lacked is asked
 * about again at once (its host may have brought it back).
 */
import { expect, it } from 'vitest';
import type { RoomPresence } from '../../server/livekit-rooms.ts';
import { summarizeRoom } from '../../server/room-summary.ts';
import type { LiveKitRecovery } from '../../server/rooms/livekit-recovery.ts';
import { createRoomListing } from '../../server/rooms/room-listing.ts';
import type { RoomsContext } from '../../server/rooms/rooms-context.ts';
import type { StoredRoom } from '../../server/store/rooms-store.ts';

function liveRoom(id: string, listenerCount: number): StoredRoom {
  return {
    id,
    hostId: 'host',
    hostName: 'Host',
    hostUsername: 'host',
    title: `Room ${id}`,
    state: 'live',
    scheduledFor: null,
    startedAt: new Date('2026-01-01T00:00:00Z'),
    endedAt: null,
    listenerCount,
    speakerCount: 1,
    mediaLostAt: null,
  } as unknown as StoredRoom;
}

function listingOver(rooms: StoredRoom[], inLiveKit: Set<string>) {
  const asked: string[][] = [];
  const recovery = {
    async presenceOf(checked: StoredRoom[]) {
      asked.push(checked.map((room) => room.id));
      await new Promise((resolve) => setTimeout(resolve, 20));
      const presence = new Map<string, RoomPresence>();
      for (const room of checked)
        if (inLiveKit.has(room.id)) presence.set(room.id, { listenerCount: 0, speakerCount: 1 });
      return presence;
    },
  } as unknown as LiveKitRecovery;
  const context = {
    stores: { rooms: { listLive: async () => rooms } },
    summarize: (room: StoredRoom) => summarizeRoom(room, 'http://127.0.0.1'),
  } as unknown as RoomsContext;
  return { listing: createRoomListing(context, recovery), asked };
}

it('asks LiveKit once for many concurrent listings, and not again within the next seconds', async () => {
  const rooms = Array.from({ length: 200 }, (_, index) =>
    liveRoom(`room${String(index).padStart(6, '0')}`, index),
  );
  const { listing, asked } = listingOver(rooms, new Set(rooms.map((room) => room.id)));
  const lists = await Promise.all(Array.from({ length: 50 }, () => listing.listLive()));
  expect(asked).toHaveLength(1);
  for (const list of lists) {
    expect(list).toHaveLength(200);
    expect(list[0]!.listenerCount).toBe(199);
  }
  await listing.listLive();
  expect(asked).toHaveLength(1);
});

it('leaves out a room LiveKit lacks and asks about it again on the next call', async () => {
  const rooms = [liveRoom('roomAAAAAA', 3), liveRoom('roomBBBBBB', 5)];
  const inLiveKit = new Set(['roomAAAAAA']);
  const { listing, asked } = listingOver(rooms, inLiveKit);
  expect((await listing.listLive()).map((room) => room.id)).toEqual(['roomAAAAAA']);
  inLiveKit.add('roomBBBBBB');
  expect((await listing.listLive()).map((room) => room.id)).toEqual(['roomBBBBBB', 'roomAAAAAA']);
  expect(asked).toEqual([['roomAAAAAA', 'roomBBBBBB'], ['roomBBBBBB']]);
});
