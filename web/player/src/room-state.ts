/** The room as the service describes it, kept fresh while the guest is not connected, and a 1 s clock. */
import { effect, signal } from '@preact/signals';
import type { RoomSummary } from '../../../wire/room-summary.ts';
import { fetchRoom, RoomApiError } from './room-api.ts';

const POLL_SCHEDULED_MS = 15_000;
/** Close to the announced time, look more often: the host may start at any moment. */
const POLL_DUE_MS = 5000;
const POLL_LIVE_MS = 20_000;

export function createRoomState(initial: RoomSummary, now: () => number = Date.now) {
  const room = signal(initial);
  const missing = signal(false);
  const clock = signal(now());
  setInterval(() => {
    clock.value = now();
  }, 1000);

  let timer: ReturnType<typeof setTimeout> | undefined;
  async function refresh(): Promise<void> {
    try {
      room.value = await fetchRoom(initial.id);
    } catch (error) {
      if (error instanceof RoomApiError && error.status === 404) missing.value = true;
    }
    schedule();
  }
  function schedule(): void {
    clearTimeout(timer);
    const current = room.peek();
    if (current.state === 'ended' || missing.peek()) return;
    const due = current.scheduledFor && Date.parse(current.scheduledFor) - now() < 60_000;
    const wait = current.state === 'live' ? POLL_LIVE_MS : due ? POLL_DUE_MS : POLL_SCHEDULED_MS;
    timer = setTimeout(() => void refresh(), wait);
  }
  schedule();

  return {
    room,
    missing,
    clock,
    /** The room is known to have ended (the live connection said so first). */
    markEnded(): void {
      room.value = { ...room.peek(), state: 'ended' };
      clearTimeout(timer);
    },
    /** Keeps `listening` true while the guest is connected: no polling then, LiveKit tells everything. */
    pauseWhile(listening: () => boolean): void {
      effect(() => {
        if (listening()) clearTimeout(timer);
        else schedule();
      });
    },
  };
}

export type RoomState = ReturnType<typeof createRoomState>;
