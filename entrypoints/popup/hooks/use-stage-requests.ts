import { type Signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ask } from '@/utils/protocol/ask';
import type { SessionState } from '@/utils/protocol/session-state';
import type { HandRaise } from '@/wire/accounts';
import { isModeratorRole } from '@/wire/roles';

const REQUESTS_REFRESH_MS = 3_000;

export const isModerator = (session: SessionState) =>
  session.local !== null && isModeratorRole(session.local.role);

/** For hosts and cohosts in a room: the requests to speak, polled every few seconds. */
export function useStageRequests(session: Signal<SessionState>) {
  const requests = useSignal<HandRaise[]>([]);
  useEffect(() => {
    const timer = setInterval(() => {
      if (!isModerator(session.value) || session.value.status !== 'connected') return;
      ask('room:requests')
        .then((list) => {
          requests.value = list;
        })
        .catch(() => undefined);
    }, REQUESTS_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return requests;
}
