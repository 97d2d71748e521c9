import { describe, expect, it } from 'vitest';
import {
  createOffscreenEngineHost,
  OFFSCREEN_REASONS,
  type OffscreenApi,
} from '@/utils/background/engine-host-offscreen';

/** Models Chrome's rule of one offscreen document per extension: a second createDocument throws. */
class FakeOffscreen implements OffscreenApi {
  open = false;
  creations: Array<{ url: string; reasons: string[] }> = [];
  listenerReadyAfter = 0;
  replies: unknown[] = [];
  async createDocument(parameters: { url: string; reasons: string[]; justification: string }) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (this.open) throw new Error('Only a single offscreen document may be created.');
    this.creations.push(parameters);
    this.open = true;
  }
  async closeDocument() {
    if (!this.open) throw new Error('No current offscreen document.');
    this.open = false;
  }
  async hasDocument() {
    return this.open;
  }
  async sendMessage(message: unknown): Promise<unknown> {
    if (this.listenerReadyAfter > 0) {
      this.listenerReadyAfter--;
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }
    this.replies.push(message);
    return { ok: true, value: { echoed: message } };
  }
}

describe('offscreen engine host', () => {
  it('opens one document for concurrent joins, with reasons that survive silence', async () => {
    const offscreen = new FakeOffscreen();
    const host = createOffscreenEngineHost(offscreen);
    await Promise.all([host.ensure(), host.ensure(), host.ensure()]);
    expect(offscreen.creations).toHaveLength(1);
    expect(offscreen.creations[0]?.url).toBe('/offscreen.html');
    expect(OFFSCREEN_REASONS).toContain('WEB_RTC');
    await host.ensure();
    expect(offscreen.creations).toHaveLength(1);
  });

  it('reuses a document that already exists (e.g. after the service worker restarted)', async () => {
    const offscreen = new FakeOffscreen();
    offscreen.open = true;
    await createOffscreenEngineHost(offscreen).ensure();
    expect(offscreen.creations).toHaveLength(0);
  });

  it('waits for a just-created document to start listening', async () => {
    const offscreen = new FakeOffscreen();
    offscreen.listenerReadyAfter = 3;
    const host = createOffscreenEngineHost(offscreen, 1);
    await host.ensure();
    await expect(host.send({ target: 'engine', type: 'engine:snapshot' })).resolves.toEqual({
      echoed: { target: 'engine', type: 'engine:snapshot' },
    });
  });

  it('turns an engine error reply into a rejection with its message', async () => {
    const offscreen = new FakeOffscreen();
    offscreen.sendMessage = async () => ({ ok: false, error: { code: 'failed', message: 'signal timeout' } });
    const host = createOffscreenEngineHost(offscreen);
    await expect(host.send({ target: 'engine', type: 'engine:stats' })).rejects.toThrow('signal timeout');
  });

  it('a close that comes while the document is being created waits for it and closes it', async () => {
    const offscreen = new FakeOffscreen();
    const host = createOffscreenEngineHost(offscreen);
    const ensuring = host.ensure(); // a join starts the engine while the service answers…
    await host.close(); // …and the service refused
    await ensuring;
    expect(offscreen.creations).toHaveLength(1);
    expect(await host.exists()).toBe(false);
  });

  it('close is safe with or without a document', async () => {
    const offscreen = new FakeOffscreen();
    const host = createOffscreenEngineHost(offscreen);
    await host.close();
    await host.ensure();
    expect(await host.exists()).toBe(true);
    await host.close();
    expect(await host.exists()).toBe(false);
  });
});
