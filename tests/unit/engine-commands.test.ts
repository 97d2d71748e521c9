import { describe, expect, it } from 'vitest';
import type { AudioEngine } from '@/utils/engine/audio-engine';
import { createEngineCommandHandler } from '@/utils/engine/engine-commands';
import { IDLE_SNAPSHOT } from '@/utils/protocol/session-state';

function recordingEngine() {
  const calls: string[] = [];
  const engine = {
    async connect(roomId: string, url: string) {
      calls.push(`connect ${roomId} ${url}`);
      if (roomId === 'down') throw new Error('could not establish signal connection');
      return { ...IDLE_SNAPSHOT, status: 'connected', roomId };
    },
    async disconnect() {
      calls.push('disconnect');
    },
    prepare(url: string) {
      calls.push(`prepare ${url}`);
    },
    snapshot: () => IDLE_SNAPSHOT,
    async stats() {
      return { remoteAudioTracks: 0, bytesReceived: 0, packetsReceived: 0, audioLevel: 0 };
    },
  };
  return { engine: engine as unknown as AudioEngine, calls };
}

const connect = (extra: Record<string, unknown>) => ({
  target: 'engine',
  type: 'engine:connect',
  roomId: 'abc',
  url: 'ws://127.0.0.1:7880',
  token: 'jwt',
  ...extra,
});

describe('engine command handler', () => {
  it('connects with a valid command', async () => {
    const { engine, calls } = recordingEngine();
    const reply = await createEngineCommandHandler(engine)(connect({}));
    expect(reply).toMatchObject({ ok: true, value: { status: 'connected', roomId: 'abc' } });
    expect(calls).toEqual(['connect abc ws://127.0.0.1:7880']);
  });

  it.each([
    ['an http URL', connect({ url: 'http://127.0.0.1:7880' })],
    ['a javascript: URL', connect({ url: 'javascript:alert(1)' })],
    ['an empty token', connect({ token: '' })],
    ['a missing room', connect({ roomId: undefined })],
    ['an unknown command', { target: 'engine', type: 'engine:publish' }],
    ['a prepare with an https URL', { target: 'engine', type: 'engine:prepare', url: 'https://lk.example' }],
    ['a string', 'engine:connect'],
  ])('refuses %s without touching the engine', async (_name, raw) => {
    const { engine, calls } = recordingEngine();
    const reply = await createEngineCommandHandler(engine)(raw);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(calls).toEqual([]);
  });

  it('prepares the connection to a LiveKit server, answering at once', async () => {
    const { engine, calls } = recordingEngine();
    const reply = await createEngineCommandHandler(engine)({
      target: 'engine',
      type: 'engine:prepare',
      url: 'wss://lk.example',
    });
    expect(reply).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['prepare wss://lk.example']);
  });

  it('reports a failure to connect as an error reply', async () => {
    const { engine } = recordingEngine();
    const reply = await createEngineCommandHandler(engine)(connect({ roomId: 'down' }));
    expect(reply).toEqual({
      ok: false,
      error: { code: 'failed', message: 'could not establish signal connection' },
    });
  });
});
