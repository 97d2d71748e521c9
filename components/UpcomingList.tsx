import { browser } from 'wxt/browser';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { followedViaKey } from '@/utils/ui/followed-via';
import { t } from '@/utils/ui/i18n';
import { RoomRow } from './ListRow';

/** Scheduled rooms of followed people (and your own, which you can start). */
export interface UpcomingListProps {
  rooms: RoomSummary[];
  me: string | null;
  /** Ids of rooms with a reminder. */
  reminders: Set<string>;
  onStart: (room: RoomSummary) => void;
  onRemind: (room: RoomSummary, on: boolean) => void;
}

/** A scheduled room's details after its host: when it starts, and where its host is followed (if not here). */
function details(room: RoomSummary, when: Intl.DateTimeFormat): string {
  const via = followedViaKey(room);
  return [
    '',
    ...(room.scheduledFor ? [t('startsAt', when.format(new Date(room.scheduledFor)))] : []),
    ...(via ? [t(via)] : []),
  ].join(' · ');
}

export function UpcomingList({ rooms, me, reminders, onStart, onRemind }: UpcomingListProps) {
  if (rooms.length === 0) return null;
  const when = new Intl.DateTimeFormat(browser.i18n.getUILanguage(), {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <section aria-labelledby="upcoming-rooms">
      <h2 id="upcoming-rooms" class="section-label">
        {t('upcoming')}
      </h2>
      <ul class="rooms">
        {rooms.map((room) => (
          <RoomRow key={room.id} room={room} details={details(room, when)}>
            {me && room.hostUsername === me ? (
              <button type="button" class="join" onClick={() => onStart(room)}>
                {t('startScheduled')}
              </button>
            ) : (
              <button
                type="button"
                aria-pressed={reminders.has(room.id)}
                onClick={() => onRemind(room, !reminders.has(room.id))}
              >
                {reminders.has(room.id) ? t('reminderSet') : t('remindMe')}
              </button>
            )}
          </RoomRow>
        ))}
      </ul>
    </section>
  );
}
