import type { RoomSummary } from '@/utils/protocol/session-state';
import { followedViaKey } from '@/utils/ui/followed-via';
import { t } from '@/utils/ui/i18n';
import { RoomRow } from './ListRow';

export interface RoomListProps {
  rooms: RoomSummary[];
  /** The room the user is in or joining, if any. */
  currentRoomId: string | null;
  onJoin: (room: RoomSummary) => void;
  /** For tests. */
  now?: number;
}

/** How long a room has been live, in words. */
export function liveFor(startedAt: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(startedAt)) / 60_000);
  if (!(minutes >= 1)) return t('justStarted');
  if (minutes < 60) return t('liveForMinutes', minutes);
  return t('liveForHours', Math.floor(minutes / 60), minutes % 60);
}

/** A room's details after its host: listeners, how long it has run, and where its host is followed (if not here). */
function details(room: RoomSummary, now: number): string {
  const via = followedViaKey(room);
  return [
    '',
    t('listenerCount', room.listenerCount),
    ...(room.startedAt ? [liveFor(room.startedAt, now)] : []),
    ...(via ? [t(via)] : []),
  ].join(' · ');
}

/** Live rooms, one row each, with a Join button. */
export function RoomList({ rooms, currentRoomId, onJoin, now = Date.now() }: RoomListProps) {
  if (rooms.length === 0) return <p class="muted empty">{t('noLiveRooms')}</p>;
  return (
    <ul class="rooms">
      {rooms.map((room) => (
        <RoomRow key={room.id} room={room} details={details(room, now)}>
          {room.id === currentRoomId ? (
            <span class="here">{t('listeningHere')}</span>
          ) : (
            <button
              type="button"
              class="join"
              aria-label={t('joinRoomAria', room.title)}
              onClick={() => onJoin(room)}
            >
              {t('join')}
            </button>
          )}
        </RoomRow>
      ))}
    </ul>
  );
}
