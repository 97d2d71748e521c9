/**
 * Asks for the microphone once. The offscreen document that publishes it cannot show Chrome's prompt, so this
 * visible page does; the grant then holds for the whole extension.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { MicrophonePermission } from '@/components/MicrophonePermission';
import { ask } from '@/utils/protocol/ask';
import '../popup/style.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = `Earshot · ${browser.i18n.getMessage('micTitle')}`;

async function requestMicrophone(): Promise<void> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  for (const track of stream.getTracks()) track.stop();
  await ask('microphone:granted').catch(() => undefined);
}

render(
  <MicrophonePermission request={requestMicrophone} onDone={() => setTimeout(() => window.close(), 1500)} />,
  document.getElementById('app')!,
);
