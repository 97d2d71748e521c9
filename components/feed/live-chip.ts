import { t } from '@/utils/feed/i18n';
import type { RoomSummary } from '@/utils/session-state';

/** A small "Live" marker next to a post's author who hosts a live room now; a click joins it. */
export function LiveChip({
  room,
  here,
  onJoin,
}: {
  room: RoomSummary;
  here: boolean;
  onJoin(room: RoomSummary): void;
}) {
  return (
    <button
      type="button"
      class="es-chip"
      data-room-id={room.id}
      aria-pressed={here}
      aria-label={t('feedLiveChipAria', room.title)}
      title={room.title}
      onClick={(event) => {
        // The chip may sit inside the author's link (Mastodon): join, do not follow the link.
        event.preventDefault();
        onJoin(room);
      }}
    >
      <span class="es-dot" aria-hidden="true" />
      {here ? t('listeningHere') : t('feedLive')}
    </button>
  );
}
