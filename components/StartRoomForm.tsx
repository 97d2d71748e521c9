import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/utils/ui/i18n';
import { FormFooter, useFormSubmit } from './FormFooter';

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
  const form = useFormSubmit(async (fields) => {
    const title = String(fields.get('title') ?? '').trim();
    const description = String(fields.get('description') ?? '').trim();
    const when = String(fields.get('when') ?? '');
    await onStart({
      title,
      ...(description ? { description } : {}),
      ...(later.value && when ? { scheduledFor: new Date(when).toISOString() } : {}),
    });
    open.value = false;
  });

  if (!open.value) {
    return (
      <button type="button" class="join start-room" onClick={() => (open.value = true)}>
        {t('startRoom')}
      </button>
    );
  }

  return (
    <form class="card start-form" onSubmit={form.submit} aria-label={t('startRoom')}>
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
      <FormFooter
        state={form}
        submitLabel={later.value ? t('schedule') : t('goLive')}
        otherLabel={t('cancel')}
        onOther={() => (open.value = false)}
      />
    </form>
  );
}
