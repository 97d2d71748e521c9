/** Listeners' LiveKit checks batched into one ListRooms call at a time (server/rooms/livekit-holding-batch.ts). */
import { describe, expect, it } from 'vitest';
import { createHoldingBatch } from '../../server/rooms/livekit-holding-batch.ts';

function setup(held: string[]) {
  const calls: string[][] = [];
  let release: () => void = () => {};
  let fail: Error | undefined;
  const batch = createHoldingBatch(async (roomIds) => {
    calls.push([...roomIds]);
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    if (fail) throw fail;
    return new Set(roomIds.filter((id) => held.includes(id)));
  });
  return {
    batch,
    calls,
    release: () => release(),
    failWith: (error: Error) => {
      fail = error;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LiveKit holding checks, batched', () => {
  it('sends the checks asked during a call together in the next call', async () => {
    const { batch, calls, release } = setup(['RoomA', 'RoomC']);
    const first = batch.holds('RoomA');
    const waiting = [batch.holds('RoomB'), batch.holds('RoomC'), batch.holds('RoomB')];
    expect(calls).toEqual([['RoomA']]);
    release();
    expect(await first).toBe(true);
    await settle();
    expect(calls).toEqual([['RoomA'], ['RoomB', 'RoomC']]);
    release();
    expect(await Promise.all(waiting)).toEqual([false, true, false]);
  });

  it('fails every check of a failed call, and the next call goes out', async () => {
    const { batch, calls, release, failWith } = setup(['RoomA']);
    failWith(new Error('unavailable'));
    const failed = batch.holds('RoomA');
    release();
    await expect(failed).rejects.toThrow('unavailable');
    const again = batch.holds('RoomA');
    await settle();
    expect(calls).toHaveLength(2);
    release();
    await expect(again).rejects.toThrow('unavailable');
  });
});
