import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/session-state';
import { Avatar } from './Avatar';

export interface RoomCardProps {
  room: RoomSummary;
  /** The user is in (or joining) this room. */
  here: boolean;
  onJoin(room: RoomSummary): void;
}

function stateOf(room: RoomSummary): 'live' | 'scheduled' | 'ended' {
  return room.state ?? (room.startedAt ? 'live' : 'scheduled');
}

function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' });
}

/** One text node: who hosts it, and how many listen now or when it starts. */
function meta(room: RoomSummary, state: ReturnType<typeof stateOf>): string {
  const host = t('hostedBy', room.hostName);
  if (state === 'live') return `${host} · ${t('listenerCount', room.listenerCount)}`;
  if (state === 'scheduled' && room.scheduledFor) return `${host} · ${when(room.scheduledFor)}`;
  return host;
}

/** A room linked from a post: title, host, live/scheduled/ended, listeners, and Join while it is live. */
export function RoomCard({ room, here, onJoin }: RoomCardProps) {
  const state = stateOf(room);
  return (
    <section class="es-card" data-room-id={room.id} data-state={state} aria-label={t('feedRoomCard')}>
      <Avatar name={room.hostName} speaking={here} />
      <div class="es-card-text">
        <span class="es-card-title">{room.title}</span>
        <span class="es-card-meta">{meta(room, state)}</span>
      </div>
      <span class={`es-badge es-badge-${state}`}>
        {state === 'live'
          ? t('statusConnected')
          : state === 'scheduled'
            ? t('feedScheduled')
            : t('feedEnded')}
      </span>
      {state === 'live' &&
        (here ? (
          <span class="es-here">{t('listeningHere')}</span>
        ) : (
          <button
            type="button"
            class="es-join"
            aria-label={t('joinRoomAria', room.title)}
            onClick={() => onJoin(room)}
          >
            {t('join')}
          </button>
        ))}
    </section>
  );
}
