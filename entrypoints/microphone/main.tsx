/**
 * Asks for the microphone once. The offscreen document that publishes it cannot show Chrome's prompt, so this
 * visible page does; the grant then holds for the whole extension.
 */
import { MicrophonePermission } from '@/components/MicrophonePermission';
import { mountPage } from '@/utils/pages/mount-page';
import { ask } from '@/utils/protocol/ask';
import { t } from '@/utils/ui/i18n';
import './style.css';

async function requestMicrophone(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
  await ask('microphone:granted').catch(() => undefined);
}

mountPage(
  <MicrophonePermission request={requestMicrophone} onDone={() => setTimeout(() => window.close(), 1500)} />,
  { title: `Earshot · ${t('micTitle')}` },
);
