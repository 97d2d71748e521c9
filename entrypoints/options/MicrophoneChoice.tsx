import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { microphoneDeviceItem } from '@/utils/storage/settings';
import { t } from '@/utils/ui/i18n';

/** Which microphone Earshot publishes when you speak (the system default unless you pick one). */
export function MicrophoneChoice() {
  const devices = useSignal<MediaDeviceInfo[]>([]);
  const chosen = useSignal<string>('');
  const needsPermission = useSignal(false);

  async function refresh() {
    const inputs = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    // Without the permission, browsers hide device names (and often ids): ask first.
    needsPermission.value = inputs.every((d) => !d.label);
    devices.value = inputs.filter((d) => d.deviceId && d.deviceId !== 'default');
    chosen.value = (await microphoneDeviceItem.getValue()) ?? '';
  }

  useEffect(() => {
    void refresh().catch(() => undefined);
  }, []);

  const allow = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
    } finally {
      await refresh();
    }
  };

  return (
    <section class="card" aria-labelledby="microphone-title">
      <h2 id="microphone-title">{t('micTitle')}</h2>
      <label>
        {t('optionsMicrophoneDevice')}
        <select
          value={chosen.value}
          onChange={(event) => {
            chosen.value = (event.currentTarget as HTMLSelectElement).value;
            void microphoneDeviceItem.setValue(chosen.value || null);
          }}
        >
          <option value="">{t('optionsMicrophoneDefault')}</option>
          {devices.value.map((device, i) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || `${t('micTitle')} ${i + 1}`}
            </option>
          ))}
        </select>
      </label>
      {needsPermission.value && (
        <p class="muted">
          {t('optionsMicrophoneNames')}{' '}
          <button type="button" onClick={allow}>
            {t('micAllow')}
          </button>
        </p>
      )}
    </section>
  );
}
