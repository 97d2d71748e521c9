import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IDLE_SNAPSHOT, type SessionState } from '@/utils/protocol/session-state';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from './fakes';

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

beforeEach(() => {
  fakeBrowser.reset();
});

it('keeps the engine open between failed attempts to get back in, and closes it when giving up', async () => {
  const engine = new FakeEngineHost();
  const api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null));
  const broadcasts: SessionState[] = [];
  const hub = createTestHub(api, {
    engine,
    broadcast: (state) => broadcasts.push(state),
    announceReaction: () => undefined,
    openMicrophonePage: async () => undefined,
    preferredMicrophone: async () => undefined,
    retryDelaysMs: [5, 5, 5],
  });
  await hub.handle(ask('room:join', { roomId: 'r1' }));
  api.failListen = 'LiveKit does not hold the room';
  api.failStatus = 503;
  await hub.handle(ask('engine:changed', { snapshot: { ...IDLE_SNAPSHOT, endedReason: 'connection_lost' } }));
  await vi.waitFor(() =>
    expect(broadcasts.at(-1)).toMatchObject({ status: 'idle', endedReason: 'connection_lost' }),
  );
  // Three failed attempts, one close: when giving up.
  expect(api.listenCalls).toHaveLength(4);
  expect(engine.closeCalls).toBe(1);
});
