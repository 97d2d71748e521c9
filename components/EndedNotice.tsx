import { type MessageKey, t } from '@/utils/ui/i18n';

const REASON_TEXT: Record<string, MessageKey> = {
  room_ended: 'endedRoom',
  removed: 'endedRemoved',
  joined_elsewhere: 'endedElsewhere',
  audio_stopped: 'endedAudio',
};

/** Says why the user is no longer in the room they were listening to. */
export function EndedNotice({ reason, onDismiss }: { reason: string; onDismiss: () => void }) {
  return (
    <div class="notice" role="status" data-reason={reason}>
      <span>{t(REASON_TEXT[reason] ?? 'endedConnection')}</span>
      <button type="button" class="link" onClick={onDismiss}>
        {t('dismiss')}
      </button>
    </div>
  );
}
