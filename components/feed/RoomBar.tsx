import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { followedViaKey } from '@/utils/ui/followed-via';
import { Avatar } from './Avatar';

export interface RoomBarProps {
  rooms: RoomSummary[];
  /** The room the user is in or joining, if any. */
  currentRoomId: string | null;
  onJoin(room: RoomSummary): void;
  /** Opens Earshot's Start-a-room form; the button is left out without it (e.g. while in a room). */
  onStart?(): void;
}

/**
 * Followed accounts' live rooms above the timeline: one button per room, one click to listen, and "Start a
 * room". With no live room the bar collapses to the start button alone.
 */
export function RoomBar({ rooms, currentRoomId, onJoin, onStart }: RoomBarProps) {
  const start = onStart && (
    <button
      type="button"
      class="es-start"
      title={t('feedStartRoomHint')}
      onClick={(event) => {
        // Only a real click: a page script clicking it must not open windows.
        if (event.isTrusted) onStart();
      }}
    >
      <span class="es-start-icon" aria-hidden="true">
        +
      </span>
      {t('startRoom')}
    </button>
  );
  if (rooms.length === 0) {
    return start ? (
      <nav class="es-bar es-bar-empty" aria-label={t('liveRooms')}>
        {start}
      </nav>
    ) : null;
  }
  return (
    <nav class="es-bar" aria-label={t('liveRooms')}>
      <span class="es-bar-label">
        <span class="es-dot" aria-hidden="true" />
        {t('feedLiveNow')}
      </span>
      <ul class="es-bar-rooms">
        {rooms.map((room) => {
          const here = room.id === currentRoomId;
          const via = followedViaKey(room);
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
                    {via && ` · ${t(via)}`}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {start}
    </nav>
  );
}
