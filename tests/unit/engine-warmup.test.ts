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

it("prepares the connection to the last join's LiveKit server once the warmed engine runs", async () => {
  const saved: string[] = [];
  const engine = new FakeEngineHost();
  const hub = createTestHub(new FakeRoomsApi(), {
    engine,
    lastLiveKitUrl: { load: async () => saved.at(-1) ?? null, save: async (url) => void saved.push(url) },
  });
  await hub.handle(ask('session:get'));
  expect(engine.commands).toEqual([]); // no join yet: nothing to prepare
  const joined = hub.handle(ask('room:join', { roomId: 'r1' }));
  await vi.advanceTimersByTimeAsync(10);
  await joined;
  expect(saved).toEqual(['ws://127.0.0.1:7880']);
  await hub.handle(ask('room:leave'));
  engine.commands = [];
  await hub.handle(ask('session:get'));
  await vi.advanceTimersByTimeAsync(0);
  expect(engine.commands).toEqual([{ target: 'engine', type: 'engine:prepare', url: 'ws://127.0.0.1:7880' }]);
});

it('sends the engine its connect command before telling the views about the room, once the engine runs', async () => {
  const events: string[] = [];
  const engine = new FakeEngineHost();
  const send = engine.send.bind(engine);
  engine.send = ((command: { type: string }) => {
    events.push(command.type);
    return send(command as never);
  }) as typeof engine.send;
  const hub = createTestHub(new FakeRoomsApi(), {
    engine,
    broadcast: (state) => void events.push(`views: ${state.status} ${state.room?.title ?? ''}`.trim()),
  });
  await hub.handle(ask('session:get'));
  const joined = hub.handle(ask('room:join', { roomId: 'r1' }));
  await vi.advanceTimersByTimeAsync(10);
  await joined;
  expect(events).toEqual([
    'views: joining',
    'engine:connect',
    'views: joining Room r1',
    'views: connected Room r1',
  ]);
});
