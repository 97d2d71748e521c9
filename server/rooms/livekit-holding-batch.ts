/**
 * Listeners' "does LiveKit still hold this room?" checks, batched per instance: one ListRooms call at a
 * time, naming every room whose check was asked while the previous call was out. With joins spread over
 * many rooms each room's check used to be its own call (up to one per room and second, listener-presence.ts);
 * now it is about one call per LiveKit round trip, whatever the number of rooms.
 */

export type HoldingCall = (roomIds: readonly string[]) => Promise<Set<string>>;

interface Waiter {
  resolve(held: boolean): void;
  reject(error: unknown): void;
}

/** At most this many rooms per call (the rest go in the next one). */
const MAX_ROOMS_PER_CALL = 200;

export function createHoldingBatch(holding: HoldingCall) {
  let queued = new Map<string, Waiter[]>();
  let calling = false;

  function takeBatch(): Map<string, Waiter[]> {
    if (queued.size <= MAX_ROOMS_PER_CALL) {
      const batch = queued;
      queued = new Map();
      return batch;
    }
    const batch = new Map<string, Waiter[]>();
    for (const [roomId, waiters] of queued) {
      if (batch.size === MAX_ROOMS_PER_CALL) break;
      batch.set(roomId, waiters);
      queued.delete(roomId);
    }
    return batch;
  }

  function callNext(): void {
    if (calling || queued.size === 0) return;
    calling = true;
    const batch = takeBatch();
    holding([...batch.keys()])
      .then(
        (held) => {
          for (const [roomId, waiters] of batch)
            for (const waiter of waiters) waiter.resolve(held.has(roomId));
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
        },
      )
      .finally(() => {
        calling = false;
        callNext();
      });
  }

  return {
    /** Whether LiveKit holds the room; rejects as the call did (e.g. LiveKit unavailable). */
    holds(roomId: string): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        const waiters = queued.get(roomId);
        if (waiters) waiters.push({ resolve, reject });
        else queued.set(roomId, [{ resolve, reject }]);
        callNext();
      });
    },
  };
}

export type HoldingBatch = ReturnType<typeof createHoldingBatch>;
