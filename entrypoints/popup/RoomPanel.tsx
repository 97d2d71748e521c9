import { NowPlaying } from '@/components/NowPlaying';
import { RequestQueue } from '@/components/RequestQueue';
import type { SessionState } from '@/utils/protocol/session-state';
import type { PopupModel } from './hooks/use-popup';
import { isModerator } from './hooks/use-stage-requests';

/** The room the user is in, with its actions; hosts and cohosts also see the requests to speak. */
export function RoomPanel({ popup, current }: { popup: PopupModel; current: SessionState }) {
  const { room, people, errors, directory } = popup;
  const signedIn = popup.account.profile.value !== null;
  const following = directory.following.value;
  const hostUsername = current.room?.hostUsername ?? '';
  return (
    <NowPlaying
      session={current}
      actionError={errors.actionError.value}
      reactions={popup.reactions.value}
      onLeave={room.leave}
      onToggleMicrophone={room.toggleMicrophone}
      onRaiseHand={signedIn ? room.raiseHand : undefined}
      onReact={signedIn ? room.react : undefined}
      onModerate={room.moderate}
      onEnd={room.end}
      onCopyLink={room.copyLink}
      followingHost={following?.has(hostUsername) ?? false}
      onFollowHost={
        signedIn && following
          ? (on) => {
              errors.actionError.value = null;
              people.follow(hostUsername, on).catch((error: Error) => {
                errors.actionError.value = error.message;
              });
            }
          : undefined
      }
    >
      {isModerator(popup.session.value) && (
        <RequestQueue requests={popup.requests.value} onInvite={room.invite} />
      )}
    </NowPlaying>
  );
}
