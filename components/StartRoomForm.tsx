import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/ui/i18n';

export interface NewRoomInput {
  title: string;
  description?: string;
  scheduledFor?: string;
}

/** "Start a room": a title, an optional topic, now or at a chosen time. */
export function StartRoomForm({
  onStart,
  autoOpen = false,
}: {
  onStart: (input: NewRoomInput) => Promise<void>;
  /** Open, with the title focused, from the first render (the feed's "Start a room" opened the popup). */
  autoOpen?: boolean;
}) {
  const open = useSignal(autoOpen);
  const title = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (autoOpen) title.current?.focus();
  }, [autoOpen]);
  const later = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  if (!open.value) {
    return (
      <button type="button" class="join start-room" onClick={() => (open.value = true)}>
        {t('startRoom')}
      </button>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const title = String(form.get('title') ?? '').trim();
    const description = String(form.get('description') ?? '').trim();
    const when = String(form.get('when') ?? '');
    busy.value = true;
    error.value = null;
    try {
      await onStart({
        title,
        ...(description ? { description } : {}),
        ...(later.value && when ? { scheduledFor: new Date(when).toISOString() } : {}),
      });
      open.value = false;
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="card start-form" onSubmit={submit} aria-label={t('startRoom')}>
      <label>
        {t('roomTitle')}
        <input name="title" required maxLength={100} ref={title} />
      </label>
      <label>
        {t('roomTopic')}
        <input name="description" maxLength={500} />
      </label>
      <fieldset class="row when">
        <label>
          <input type="radio" name="timing" checked={!later.value} onChange={() => (later.value = false)} />
          {t('startNow')}
        </label>
        <label>
          <input type="radio" name="timing" checked={later.value} onChange={() => (later.value = true)} />
          {t('scheduleFor')}
        </label>
        {later.value && <input name="when" type="datetime-local" required aria-label={t('scheduleFor')} />}
      </fieldset>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <div class="row">
        <button type="submit" class="join" disabled={busy.value}>
          {later.value ? t('schedule') : t('goLive')}
        </button>
        <button type="button" class="link" onClick={() => (open.value = false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
