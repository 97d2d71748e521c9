import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { WARM_ENGINE_MS } from '@/utils/background/hub/engine-warmup';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from './fakes';

function setup() {
  const engine = new FakeEngineHost();
  const api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null));
  const hub = createTestHub(api, {
    engine,
    broadcast: () => undefined,
    announceReaction: () => undefined,
    openMicrophonePage: async () => undefined,
    preferredMicrophone: async () => undefined,
    retryDelaysMs: [5, 5, 5],
  });
  return { hub, engine };
}

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

it('starts the engine when the popup opens, and closes it again if nobody joins', async () => {
  const { hub, engine } = setup();
  await hub.handle(ask('session:get'));
  expect(engine.ensureCalls).toBe(1);
  expect(engine.running).toBe(true);
  await vi.advanceTimersByTimeAsync(WARM_ENGINE_MS - 1_000);
  expect(engine.closeCalls).toBe(0);
  await vi.advanceTimersByTimeAsync(1_000);
  expect(engine.closeCalls).toBe(1);
  expect(engine.running).toBe(false);
});

it('keeps the warmed engine for a join, and does not warm one while in a room', async () => {
  const { hub, engine } = setup();
  await hub.handle(ask('session:get'));
  const joined = hub.handle(ask('room:join', { roomId: 'r1' }));
  await vi.advanceTimersByTimeAsync(10);
  await expect(joined).resolves.toMatchObject({ ok: true, value: { status: 'connected' } });
  await hub.handle(ask('session:get'));
  expect(engine.ensureCalls).toBe(2); // the warm-up, then the join's own (shared with a pending creation)
  await vi.advanceTimersByTimeAsync(WARM_ENGINE_MS);
  expect(engine.closeCalls).toBe(0);
  expect(engine.connectedRoom).toBe('r1');
});
