import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ask, onSessionChanged } from '@/utils/protocol/ask';
import { IDLE_SESSION, type SessionState } from '@/utils/protocol/session-state';

/**
 * The session as the background announces it (at first as the popup found it in storage);
 * `onCountsChanged` runs when the user joins or leaves a room.
 */
export function useSession(initial: SessionState | null, onCountsChanged: () => void) {
  const session = useSignal<SessionState>(initial ?? IDLE_SESSION);
  /** The "room ended" notice was dismissed (until the next session change). */
  const endedDismissed = useSignal(false);

  useEffect(() => {
    const unsubscribe = onSessionChanged((state) => {
      // Counts in the list change when we join or leave: refresh it then.
      if (
        state.status !== session.value.status &&
        (state.status === 'connected' || state.status === 'idle')
      ) {
        onCountsChanged();
      }
      session.value = state;
      endedDismissed.value = false;
    });
    ask('session:get')
      .then((state) => {
        session.value = state;
      })
      .catch(() => undefined);
    return unsubscribe;
  }, []);

  return { session, endedDismissed };
}

export type SessionModel = ReturnType<typeof useSession>;
