import { useEffect } from 'preact/hooks';
import type { PopupStart } from '@/utils/pages/popup-start';
import type { SessionSource } from '../session-source';
import { useAccount } from './use-account';
import { useAccountActions } from './use-account-actions';
import { useActionErrors } from './use-action-errors';
import { useDirectory } from './use-directory';
import { useJoin } from './use-join';
import { useReactions } from './use-reactions';
import { useRoomActions } from './use-room-actions';
import { useSession } from './use-session';
import { useStageRequests } from './use-stage-requests';

/**
 * Everything the popup shows and does, from its hooks; effects start in this order when it opens. It starts
 * with what was in storage (`start`), so the first render already shows the last account and rooms.
 */
export function usePopup(start: PopupStart, sessions?: SessionSource) {
  const account = useAccount({ profile: start.snapshot?.profile ?? null, reminders: start.reminders });
  const directory = useDirectory(account.profile, start.snapshot);
  const { session, endedDismissed } = useSession(start.session, () => void directory.loadRooms(), sessions);
  const reactions = useReactions();
  const errors = useActionErrors(directory.refresher);
  useEffect(() => {
    // The service is asked once the account is known (its follows are part of what is loaded).
    void account
      .load()
      .catch(() => undefined)
      .then(() => directory.refresher.start());
  }, []);
  const requests = useStageRequests(session);
  const join = useJoin(session, { describe: errors.describe, loadRooms: directory.loadRooms });
  const room = useRoomActions({ session, requests, reminders: account.reminders, act: errors.act });
  const people = useAccountActions(account, directory, errors);
  return { account, directory, session, endedDismissed, reactions, errors, requests, join, room, people };
}

export type PopupModel = ReturnType<typeof usePopup>;
