/** Chrome's offscreen document: hosts the audio engine so the room keeps playing whatever the user does. */
import { browser } from 'wxt/browser';
import { AudioEngine } from '@/utils/engine/audio-engine';
import { createEngineCommandHandler } from '@/utils/engine/engine-commands';
import { isExtensionPage } from '@/utils/protocol/extension-sender';
import { fail, isFor } from '@/utils/protocol/reply';

const engine = new AudioEngine({
  audioContainer: document.getElementById('audio') ?? document.body,
  onChange(snapshot) {
    browser.runtime
      .sendMessage({ target: 'background', type: 'engine:changed', snapshot })
      .catch(() => undefined); // the service worker wakes up for this; nothing to do if it cannot
  },
  onReaction(roomId, reaction) {
    browser.runtime
      .sendMessage({ target: 'background', type: 'engine:reaction', roomId, reaction })
      .catch(() => undefined);
  },
});
const handle = createEngineCommandHandler(engine);

browser.runtime.onMessage.addListener((raw, sender) => {
  if (!isFor(raw, 'engine')) return undefined;
  if (!isExtensionPage(sender))
    return Promise.resolve(fail('invalid_message', 'Not allowed from a web page'));
  return handle(raw);
});

// After the listener is in place and the document has loaded (which is what createDocument waits for).
setTimeout(() => engine.prewarm(), 0);
