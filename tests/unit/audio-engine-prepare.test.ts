import type { Room } from 'livekit-client';
import { expect, it, vi } from 'vitest';
import { AudioEngine } from '@/utils/engine/audio-engine';

/** Just enough of a LiveKit room: it records prepareConnection and refuses to connect. */
function fakeRoom() {
  const room = {
    prepareConnection: vi.fn(async () => undefined),
    connect: vi.fn(async () => {
      throw new Error('could not establish signal connection');
    }),
    on: () => room,
    once: () => room,
    remoteParticipants: new Map(),
  };
  return room;
}

function engineWithRooms() {
  const built: ReturnType<typeof fakeRoom>[] = [];
  const engine = new AudioEngine({
    audioContainer: document.createElement('div'),
    onChange: () => undefined,
    createRoom: () => {
      const room = fakeRoom();
      built.push(room);
      return room as unknown as Room;
    },
  });
  return { engine, built };
}

it('prepares the connection once per LiveKit URL, and the join uses the prepared room', async () => {
  const { engine, built } = engineWithRooms();
  engine.prepare('wss://lk.example');
  engine.prepare('wss://lk.example');
  expect(built).toHaveLength(1);
  expect(built[0]?.prepareConnection).toHaveBeenCalledTimes(1);
  expect(built[0]?.prepareConnection).toHaveBeenCalledWith('wss://lk.example');
  await expect(engine.connect('r1', 'wss://lk.example', 'jwt')).rejects.toThrow('signal connection');
  expect(built).toHaveLength(1);
  expect(built[0]?.connect).toHaveBeenCalledWith('wss://lk.example', 'jwt', { autoSubscribe: true });
  // The next join builds a room of its own: a room is used for one join only.
  await expect(engine.connect('r1', 'wss://lk.example', 'jwt')).rejects.toThrow();
  expect(built).toHaveLength(2);
});
