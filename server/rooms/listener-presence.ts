/**
 * A short per-instance memory that LiveKit holds a room, for listeners' joins only.
 *
 * Every listener's join used to ask LiveKit (ListRooms, then ListParticipants) and write the counts: two
 * LiveKit calls and a database write per join, the join route's bottleneck (127 joins/s across two
 * instances). A room LiveKit had less than HELD_FOR_MS ago is trusted without asking, and joins that
 * arrive while a check for the same room runs wait for that check instead of starting another one.
 *
 * What it can get wrong: a room LiveKit lost (a crash, no webhook) within the last HELD_FOR_MS still
 * gets listener tokens; the client's connect then fails and it asks again. A room whose loss is known
 * (`media_lost_at`) is never taken from memory, and hosts and cohosts always ask LiveKit.
 */
import type { RoomPresence } from '../livekit-rooms.ts';

/** How long LiveKit having a room is trusted for a listener's join, per instance. */
export const HELD_FOR_MS = 1000;
/** Above this many remembered rooms, expired ones are dropped (the map stays the size of the busy rooms). */
const PRUNE_ABOVE = 1000;

interface Held {
  at: number;
  counts: RoomPresence;
}

/**
 * `ask` checks LiveKit for one room: its counts when LiveKit has it, `missing` when it does not,
 * undefined when LiveKit cannot tell right now (nothing is remembered then).
 */
export type AskLiveKit = (roomId: string) => Promise<RoomPresence | 'missing' | undefined>;

export function createListenerPresence(clock: () => number = () => performance.now()) {
  const held = new Map<string, Held>();
  const running = new Map<string, Promise<RoomPresence | 'missing' | undefined>>();

  function prune(now: number): void {
    if (held.size <= PRUNE_ABOVE) return;
    for (const [roomId, entry] of held) if (now - entry.at >= HELD_FOR_MS) held.delete(roomId);
  }

  async function checkOnce(roomId: string, ask: AskLiveKit) {
    let check = running.get(roomId);
    if (!check) {
      check = ask(roomId).finally(() => running.delete(roomId));
      running.set(roomId, check);
    }
    const answer = await check;
    if (answer === 'missing') held.delete(roomId);
    else if (answer) {
      const now = clock();
      held.set(roomId, { at: now, counts: answer });
      prune(now);
    }
    return answer;
  }

  return {
    /**
     * The room's presence for a listener's join: remembered when LiveKit had it less than HELD_FOR_MS
     * ago (and its loss is not known: `mediaLost`), else asked through `ask` (one check per room at a time).
     */
    async lookup(roomId: string, mediaLost: boolean, ask: AskLiveKit) {
      const entry = held.get(roomId);
      if (entry && !mediaLost && clock() - entry.at < HELD_FOR_MS) return entry.counts;
      return checkOnce(roomId, ask);
    },
    /** A host's check or a loss seen elsewhere: the next listener asks LiveKit again. */
    forget(roomId: string): void {
      held.delete(roomId);
    },
  };
}

export type ListenerPresence = ReturnType<typeof createListenerPresence>;
