/** Firefox's engine host: the engine runs in the background page itself, behind the same EngineHost contract. */
import { describe, expect, it } from 'vitest';
import { createInPageEngineHost } from '@/utils/background/engine-host-inpage';
import type { EngineSnapshot } from '@/utils/protocol/session-state';

describe('in-page engine host (Firefox)', () => {
  it('starts an engine on demand, answers commands, refuses malformed ones, and stops', async () => {
    const changes: EngineSnapshot[] = [];
    const host = createInPageEngineHost({ onChange: (s) => changes.push(s) }, () => document.body);
    expect(await host.exists()).toBe(false);
    await expect(host.send({ target: 'engine', type: 'engine:snapshot' })).rejects.toThrow('not running');

    await host.ensure();
    await host.ensure(); // one engine, whatever the number of calls
    expect(await host.exists()).toBe(true);
    await expect(host.send({ target: 'engine', type: 'engine:snapshot' })).resolves.toMatchObject({
      status: 'idle',
      roomId: null,
    });
    await expect(host.send({ target: 'engine', type: 'engine:stats' })).resolves.toEqual({
      remoteAudioTracks: 0,
      bytesReceived: 0,
      packetsReceived: 0,
      audioLevel: 0,
    });
    await expect(
      host.send({
        target: 'engine',
        type: 'engine:connect',
        roomId: 'r1',
        url: 'http://x',
        token: 't',
      } as never),
    ).rejects.toThrow(/Invalid message "engine:connect"/);
    await expect(host.send({ target: 'engine', type: 'engine:microphone', enabled: true })).rejects.toThrow(
      'Not in a room',
    );

    await host.close();
    expect(await host.exists()).toBe(false);
  });
});
