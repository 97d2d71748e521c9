import { useSignal } from '@preact/signals';
import { t } from '@/utils/ui/i18n';
import { Brand } from './Brand';

type Step = 'ask' | 'waiting' | 'granted' | 'denied';

/** Explains why Earshot wants the microphone, asks for it, and says what to do when it is blocked. */
export function MicrophonePermission({
  request,
  onDone,
}: {
  request: () => Promise<void>;
  onDone: () => void;
}) {
  const step = useSignal<Step>('ask');
  const ask = async () => {
    step.value = 'waiting';
    try {
      await request();
      step.value = 'granted';
      onDone();
    } catch {
      step.value = 'denied';
    }
  };
  return (
    <main class="permission" data-step={step.value}>
      <Brand title={t('micTitle')} />
      <p>{t('micWhy')}</p>
      {step.value === 'granted' ? (
        <p class="ok" role="status">
          {t('micGranted')}
        </p>
      ) : step.value === 'denied' ? (
        <div role="alert">
          <p class="error">{t('micDenied')}</p>
          <p class="muted">{t('micDeniedHelp')}</p>
          <button type="button" class="join" onClick={ask}>
            {t('retry')}
          </button>
        </div>
      ) : (
        <button type="button" class="join" onClick={ask} disabled={step.value === 'waiting'}>
          {t('micAllow')}
        </button>
      )}
    </main>
  );
}
