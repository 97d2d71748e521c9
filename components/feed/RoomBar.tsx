import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/session-state';
import { Avatar } from './Avatar';

export interface RoomBarProps {
  rooms: RoomSummary[];
  /** The room the user is in or joining, if any. */
  currentRoomId: string | null;
  onJoin(room: RoomSummary): void;
}

/** Followed accounts' live rooms above the timeline: one button per room, one click to listen. Empty: nothing. */
export function RoomBar({ rooms, currentRoomId, onJoin }: RoomBarProps) {
  if (rooms.length === 0) return null;
  return (
    <nav class="es-bar" aria-label={t('liveRooms')}>
      <span class="es-bar-label">
        <span class="es-dot" aria-hidden="true" />
        {t('feedLiveNow')}
      </span>
      <ul class="es-bar-rooms">
        {rooms.map((room) => {
          const here = room.id === currentRoomId;
          return (
            <li key={room.id} data-room-id={room.id}>
              <button
                type="button"
                class="es-bar-room"
                aria-label={here ? t('feedListeningTo', room.title) : t('joinRoomAria', room.title)}
                aria-pressed={here}
                onClick={() => onJoin(room)}
              >
                <Avatar name={room.hostName} speaking={here} />
                <span class="es-bar-text">
                  <span class="es-bar-title">{room.title}</span>
                  <span class="es-bar-meta">
                    {here ? t('listeningHere') : t('listenerCount', room.listenerCount)}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
