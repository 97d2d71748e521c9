import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { IDLE_SESSION, type SessionState } from '@/utils/protocol/session-state';
import { openSessionSource, type SessionSource } from '../session-source';

/**
 * While a join is under way the popup already shows the room as Joining (use-join.ts). The background's
 * in-between Joining states for that room (the room's details once the service answered) are shown this much
 * later, unless a newer state comes first: the popup does not render while the engine, which shares its
 * renderer's main thread, opens the LiveKit connection.
 */
const JOINING_NEWS_DELAY_MS = 150;

const sameJoin = (shown: SessionState, next: SessionState) =>
  next.status === 'joining' && shown.status === 'joining' && next.room?.id === shown.room?.id;

/**
 * The session as the background announces it (at first as the popup found it in storage);
 * `onCountsChanged` runs when the user joins or leaves a room. `sessions`: the source main.tsx opened before
 * the first render (without it, e.g. in tests, the hook opens its own).
 */
export function useSession(
  initial: SessionState | null,
  onCountsChanged: () => void,
  sessions?: SessionSource,
) {
  const session = useSignal<SessionState>(initial ?? IDLE_SESSION);
  /** The "room ended" notice was dismissed (until the next session change). */
  const endedDismissed = useSignal(false);

  useEffect(() => {
    const show = (state: SessionState) => {
      // Counts in the list change when we join or leave: refresh it then.
      if (
        state.status !== session.value.status &&
        (state.status === 'connected' || state.status === 'idle')
      ) {
        onCountsChanged();
      }
      session.value = state;
      endedDismissed.value = false;
    };
    let held: ReturnType<typeof setTimeout> | undefined;
    const source = sessions ?? openSessionSource();
    const unsubscribe = source.subscribe((state) => {
      clearTimeout(held);
      if (!sameJoin(session.value, state)) return show(state);
      held = setTimeout(() => show(state), JOINING_NEWS_DELAY_MS);
    });
    return () => {
      clearTimeout(held);
      unsubscribe();
      if (source !== sessions) source.close();
    };
  }, []);

  return { session, endedDismissed };
}

export type SessionModel = ReturnType<typeof useSession>;
