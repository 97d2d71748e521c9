/** The per-instance memory that LiveKit holds a room, used by listeners' joins (server/rooms/listener-presence.ts). */
import { describe, expect, it } from 'vitest';
import type { RoomPresence } from '../../server/livekit-rooms.ts';
import { createListenerPresence, HELD_FOR_MS } from '../../server/rooms/listener-presence.ts';

const counts: RoomPresence = { speakerCount: 1, listenerCount: 4 };

function setup() {
  let now = 0;
  const presence = createListenerPresence(() => now);
  const asked: string[] = [];
  let answer: RoomPresence | 'missing' | undefined = counts;
  const ask = async (roomId: string) => {
    asked.push(roomId);
    return answer;
  };
  return {
    presence,
    asked,
    ask,
    advance: (ms: number) => {
      now += ms;
    },
    answer: (next: typeof answer) => {
      answer = next;
    },
  };
}

describe('listener presence memory', () => {
  it('asks LiveKit once per room within HELD_FOR_MS, then again', async () => {
    const { presence, asked, ask, advance } = setup();
    expect(await presence.lookup('RoomA', false, ask)).toEqual(counts);
    advance(HELD_FOR_MS - 1);
    expect(await presence.lookup('RoomA', false, ask)).toEqual(counts);
    expect(await presence.lookup('RoomB', false, ask)).toEqual(counts);
    expect(asked).toEqual(['RoomA', 'RoomB']);
    advance(1);
    await presence.lookup('RoomA', false, ask);
    expect(asked).toEqual(['RoomA', 'RoomB', 'RoomA']);
  });

  it('shares one check among concurrent joins of a room', async () => {
    const { presence, asked, ask } = setup();
    const answers = await Promise.all(Array.from({ length: 20 }, () => presence.lookup('RoomA', false, ask)));
    expect(answers.every((a) => a === counts)).toBe(true);
    expect(asked).toEqual(['RoomA']);
  });

  it('never remembers a missing room nor an unanswered check', async () => {
    const { presence, asked, ask, answer } = setup();
    answer('missing');
    expect(await presence.lookup('RoomA', false, ask)).toBe('missing');
    answer(undefined);
    expect(await presence.lookup('RoomA', false, ask)).toBeUndefined();
    answer(counts);
    expect(await presence.lookup('RoomA', false, ask)).toEqual(counts);
    expect(asked).toHaveLength(3);
  });

  it('asks again for a room whose media loss is known, or that was forgotten', async () => {
    const { presence, asked, ask } = setup();
    await presence.lookup('RoomA', false, ask);
    await presence.lookup('RoomA', true, ask);
    presence.forget('RoomA');
    await presence.lookup('RoomA', false, ask);
    expect(asked).toHaveLength(3);
  });

  it('a missing answer drops what was remembered', async () => {
    const { presence, asked, ask, answer, advance } = setup();
    await presence.lookup('RoomA', false, ask);
    advance(HELD_FOR_MS);
    answer('missing');
    expect(await presence.lookup('RoomA', false, ask)).toBe('missing');
    answer(counts);
    expect(await presence.lookup('RoomA', false, ask)).toEqual(counts);
    expect(asked).toHaveLength(3);
  });
});
