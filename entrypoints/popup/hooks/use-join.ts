import type { Signal } from '@preact/signals';
import { ask } from '@/utils/protocol/ask';
import { joiningSession, type RoomSummary, type SessionState } from '@/utils/protocol/session-state';

/**
 * Joins a room, showing it at once as "joining" (the same optimistic state as everywhere else,
 * `joiningSession`); the background's state events take over from there.
 */
export function useJoin(
  session: Signal<SessionState>,
  { describe, loadRooms }: { describe: (error: unknown) => string; loadRooms: () => Promise<void> },
) {
  return (room: RoomSummary) => {
    session.value = joiningSession(room);
    ask('room:join', { roomId: room.id })
      .then((state) => {
        session.value = state;
        // A join that failed for want of the service: find out, so the banner and the error say so.
        if (state.status === 'error') void loadRooms();
      })
      .catch((error: unknown) => {
        session.value = { ...session.value, status: 'error', error: describe(error) };
      });
  };
}
