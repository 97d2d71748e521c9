import { RoomList } from '@/components/RoomList';
import type { SessionState } from '@/utils/protocol/session-state';
import { t } from '@/utils/ui/i18n';
import type { PopupModel } from './hooks/use-popup';

/** Live rooms (of followed people, when signed in), or why there are none to show. */
export function LiveRooms({ popup, current }: { popup: PopupModel; current: SessionState }) {
  const signedIn = popup.account.profile.value !== null;
  const live = popup.directory.directory.value?.live ?? null;
  return (
    <section class="live" aria-labelledby="live-rooms">
      <h2 id="live-rooms" class="section-label">
        {signedIn ? t('liveFromFollowed') : t('liveRooms')}
      </h2>
      {live === null ? (
        <p class="muted">
          {popup.directory.connection.value === 'online' ? t('loading') : t('roomsNotLoaded')}
        </p>
      ) : signedIn && live.length === 0 ? (
        <p class="muted empty">{t('noFollowedLive')}</p>
      ) : (
        <RoomList
          rooms={live}
          currentRoomId={current.status === 'idle' ? null : (current.room?.id ?? null)}
          onJoin={popup.join}
        />
      )}
    </section>
  );
}
