import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IDLE_SNAPSHOT, type Reaction, type SessionState } from '@/utils/protocol/session-state';
import { accountItem } from '@/utils/storage/settings';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from './fakes';

function setup(
  engine = new FakeEngineHost(),
  api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null)),
  watchdog?: { start(): void; stop(): void },
) {
  const broadcasts: SessionState[] = [];
  const reactions: Array<Reaction & { roomId: string }> = [];
  const microphonePages: number[] = [];
  const hub = createTestHub(api, {
    engine,
    broadcast: (state) => broadcasts.push(state),
    announceReaction: (roomId, reaction) => reactions.push({ roomId, ...reaction }),
    openMicrophonePage: async () => {
      microphonePages.push(Date.now());
    },
    preferredMicrophone: async () => 'usb-mic',
    watchdog,
    retryDelaysMs: [5, 5, 5],
  });
  return { hub, engine, api, broadcasts, reactions, microphonePages };
}

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('background hub', () => {
  it('joins a room: announces joining, then connected with the room, its stage and listeners', async () => {
    const { hub, engine, broadcasts } = setup();
    const reply = await hub.handle(ask('room:join', { roomId: 'r1' }));
    expect(reply).toMatchObject({ ok: true, value: { status: 'connected', room: { id: 'r1' } } });
    expect(broadcasts[0]).toMatchObject({ status: 'joining', room: { id: 'r1' } });
    const last = broadcasts.at(-1)!;
    expect(last).toMatchObject({
      status: 'connected',
      room: { id: 'r1', title: 'Room r1', hostName: 'Ada' },
    });
    expect(last).not.toHaveProperty('roomId'); // the session keeps the room id once: room.id
    expect(last.speakers.map((s) => s.name)).toEqual(['Ada']);
    expect(last.listenerCount).toBe(4);
    expect(engine.commands[0]).toMatchObject({ type: 'engine:connect', roomId: 'r1', token: 'token-for-r1' });
    // Views opened later get the same state.
    expect(await hub.handle(ask('session:get'))).toMatchObject({ ok: true, value: { status: 'connected' } });
  });

  it('serialises two quick joins: ends in the second room, the engine created once per need', async () => {
    const { hub, engine, broadcasts } = setup();
    const [first, second] = await Promise.all([
      hub.handle(ask('room:join', { roomId: 'r1' })),
      hub.handle(ask('room:join', { roomId: 'r2' })),
    ]);
    expect(first).toMatchObject({ ok: true, value: { room: { id: 'r1' } } });
    expect(second).toMatchObject({ ok: true, value: { status: 'connected', room: { id: 'r2' } } });
    expect(engine.connectedRoom).toBe('r2');
    expect(broadcasts.at(-1)).toMatchObject({ status: 'connected', room: { id: 'r2' } });
    const connects = engine.commands
      .filter((c) => c.type === 'engine:connect')
      .map((c) => (c as { roomId: string }).roomId);
    expect(connects).toEqual(['r1', 'r2']);
  });

  it('starts the engine while the service answers the join, and connects it with the grant', async () => {
    const { hub, engine, api } = setup();
    const joining = hub.handle(ask('room:join', { roomId: 'r1' }));
    await new Promise((resolve) => setTimeout(resolve, 1)); // the service answers after 5 ms
    expect(api.listenCalls).toEqual(['r1']);
    expect(engine.ensureCalls).toBe(1);
    expect(engine.commands).toEqual([]);
    await expect(joining).resolves.toMatchObject({ ok: true, value: { status: 'connected' } });
    expect(engine.commands[0]).toMatchObject({ type: 'engine:connect', token: 'token-for-r1' });
  });

  it('a failed join shows the reason and leaves no engine behind', async () => {
    const api = new FakeRoomsApi();
    api.failListen = 'The rooms service at http://127.0.0.1:8787 cannot be reached';
    const { hub, engine } = setup(new FakeEngineHost(), api);
    const reply = await hub.handle(ask('room:join', { roomId: 'r1' }));
    expect(reply).toMatchObject({ ok: true, value: { status: 'error', error: api.failListen } });
    expect(engine.running).toBe(false);
  });

  it('an engine that cannot connect closes and reports the error', async () => {
    const engine = new FakeEngineHost();
    engine.failConnect = 'could not establish signal connection';
    const { hub } = setup(engine);
    const reply = await hub.handle(ask('room:join', { roomId: 'r1' }));
    expect(reply).toMatchObject({ ok: true, value: { status: 'error', error: engine.failConnect } });
    expect(engine.closeCalls).toBe(1);
    expect(engine.running).toBe(false);
  });

  it('leave disconnects, closes the engine and goes idle', async () => {
    const { hub, engine, broadcasts } = setup();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    const reply = await hub.handle(ask('room:leave'));
    expect(reply).toMatchObject({ ok: true, value: { status: 'idle', room: null } });
    expect(engine.commands.at(-1)?.type).toBe('engine:disconnect');
    expect(engine.running).toBe(false);
    expect(broadcasts.at(-1)?.status).toBe('idle');
  });

  it('follows the engine: live stage updates, then the room ending', async () => {
    const { hub, engine, broadcasts } = setup();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    await hub.handle({
      target: 'background',
      type: 'engine:changed',
      snapshot: { ...engine.snapshot(), listenerCount: 9, speakers: [] },
    });
    expect(broadcasts.at(-1)).toMatchObject({ status: 'connected', listenerCount: 9, speakers: [] });
    await hub.handle({
      target: 'background',
      type: 'engine:changed',
      snapshot: { ...IDLE_SNAPSHOT, endedReason: 'room_ended' },
    });
    expect(broadcasts.at(-1)).toMatchObject({ status: 'idle', room: null, endedReason: 'room_ended' });
    expect(engine.running).toBe(false);
  });

  it('ignores engine news about a room it is not in', async () => {
    const { hub, engine, broadcasts } = setup();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    const count = broadcasts.length;
    await hub.handle({
      target: 'background',
      type: 'engine:changed',
      snapshot: { ...engine.snapshot(), roomId: 'other', listenerCount: 99 },
    });
    expect(broadcasts.length).toBe(count);
    expect(await hub.session()).toMatchObject({ room: { id: 'r1' }, listenerCount: 4 });
  });

  it('after the service worker restarts, restores the session and checks it with the engine', async () => {
    const engine = new FakeEngineHost();
    const first = setup(engine);
    await first.hub.handle(ask('room:join', { roomId: 'r1' }));
    // A new hub over the same storage and the still-running engine: as when the worker wakes up again.
    const second = setup(engine);
    expect(await second.hub.handle(ask('session:get'))).toMatchObject({
      ok: true,
      value: { status: 'connected', room: { id: 'r1', title: 'Room r1' } },
    });
    // The engine went away while the worker slept (the browser closed the document): rejoin the room.
    engine.running = false;
    const third = setup(engine);
    expect(await third.hub.handle(ask('session:get'))).toMatchObject({
      ok: true,
      value: { status: 'connected', room: { id: 'r1' } },
    });
    expect(engine.running).toBe(true);
    expect(third.broadcasts.map((b) => b.status)).toEqual(['reconnecting', 'connected']);
  });

  it('the watchdog rejoins a room whose engine died, and says so when it cannot', async () => {
    const watchdog = {
      running: false,
      start: () => (watchdog.running = true),
      stop: () => (watchdog.running = false),
    };
    const engine = new FakeEngineHost();
    const api = new FakeRoomsApi();
    const { hub, broadcasts } = setup(engine, api, watchdog);
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    expect(watchdog.running).toBe(true);
    expect(await hub.checkEngine()).toMatchObject({ status: 'connected' }); // alive: nothing to do
    const connects = () => engine.commands.filter((c) => c.type === 'engine:connect').length;
    expect(connects()).toBe(1);

    engine.running = false; // the browser closed the offscreen document
    expect(await hub.checkEngine()).toMatchObject({ status: 'connected', room: { id: 'r1' } });
    expect(connects()).toBe(2);

    engine.running = false;
    api.failListen = 'Room not found';
    const after = await hub.checkEngine();
    expect(after).toMatchObject({ status: 'idle', endedReason: 'audio_stopped', error: 'Room not found' });
    expect(broadcasts.at(-1)).toEqual(after);
    expect(watchdog.running).toBe(false);
  });

  it('unmutes with the chosen device, and asks for permission once when the browser blocks the microphone', async () => {
    const { hub, engine, microphonePages } = setup();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    engine.microphoneError = 'microphone_blocked';
    const blocked = await hub.handle(ask('room:microphone', { enabled: true }));
    expect(blocked).toEqual({ ok: false, error: { code: 'failed', message: 'microphone_blocked' } });
    expect(microphonePages).toHaveLength(1);
    // The permission page reports success: the unmute the user asked for goes through.
    engine.microphoneError = null;
    const granted = await hub.handle(ask('microphone:granted'));
    expect(granted).toMatchObject({ ok: true, value: { local: { micEnabled: true } } });
    expect(engine.commands.at(-1)).toMatchObject({
      type: 'engine:microphone',
      enabled: true,
      deviceId: 'usb-mic',
    });
    // A later grant with no pending unmute changes nothing.
    const count = engine.commands.length;
    await hub.handle(ask('microphone:granted'));
    expect(engine.commands.length).toBe(count);
  });

  describe('when LiveKit drops the room (network, server restart)', () => {
    const dropped = (reason: string) =>
      ask('engine:changed', {
        snapshot: { ...IDLE_SNAPSHOT, endedReason: reason },
      });

    it('shows Reconnecting and gets back in by itself', async () => {
      const { hub, engine, api, broadcasts } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      engine.connectedRoom = null;
      await hub.handle(dropped('connection_lost'));
      expect((await hub.session()).status).toBe('reconnecting');
      await vi.waitFor(() => expect(broadcasts.at(-1)?.status).toBe('connected'));
      expect(api.listenCalls).toEqual(['r1', 'r1']);
      expect(engine.connectedRoom).toBe('r1');
    });

    it('keeps trying through failures, then says the connection was lost', async () => {
      const { hub, api, broadcasts } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      api.failListen = 'The rooms service at http://127.0.0.1:8787 cannot be reached';
      await hub.handle(dropped('server_shutdown'));
      await vi.waitFor(() =>
        expect(broadcasts.at(-1)).toMatchObject({ status: 'idle', endedReason: 'server_shutdown' }),
      );
      expect(api.listenCalls).toEqual(['r1', 'r1', 'r1', 'r1']);
      expect(broadcasts.some((b) => b.status === 'reconnecting' && b.error === api.failListen)).toBe(true);
    });

    it('stops at once when the room is gone', async () => {
      const { hub, api, broadcasts } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      api.failListen = 'No live room "r1"';
      api.failStatus = 404;
      await hub.handle(dropped('connection_lost'));
      await vi.waitFor(() =>
        expect(broadcasts.at(-1)).toMatchObject({ status: 'idle', endedReason: 'room_ended' }),
      );
      expect(api.listenCalls).toEqual(['r1', 'r1']);
    });

    it('does not pull the user back into a room they left meanwhile', async () => {
      const { hub, api } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      await hub.handle(dropped('connection_lost'));
      await hub.handle(ask('room:leave'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await hub.session()).status).toBe('idle');
      expect(api.listenCalls).toEqual(['r1']);
    });
  });

  it('passes on reactions from the current room only', async () => {
    const { hub, reactions } = setup();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    const reaction = { identity: 'host-1', name: 'Ada', emoji: '👏' };
    await hub.handle(ask('engine:reaction', { roomId: 'r1', reaction }));
    await hub.handle(ask('engine:reaction', { roomId: 'r2', reaction }));
    expect(reactions).toEqual([{ roomId: 'r1', ...reaction }]);
    const bad = await hub.handle(
      ask('engine:reaction', { roomId: 'r1', reaction: { ...reaction, emoji: '<b>' } }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_message' } });
    expect(reactions).toHaveLength(1);
  });

  it('answers a batch of posts with one lookup: linked rooms and live hosts', async () => {
    const { hub, api } = setup();
    const reply = await hub.handle(
      ask('feed:lookup', {
        roomIds: ['r2', 'missing'],
        hosts: [
          { site: 'x', handle: 'ada' },
          { site: 'bsky', handle: 'bob.bsky.social' },
        ],
      }),
    );
    expect(reply).toMatchObject({
      ok: true,
      value: { rooms: [{ id: 'r2' }], liveHosts: [{ site: 'x', handle: 'ada', room: { id: 'r1' } }] },
    });
    expect(api.lookups).toEqual([['r2', 'missing']]);
  });

  describe('accounts', () => {
    it('signs up and in; views see the profile, never the session token; API calls carry it', async () => {
      const { hub, api } = setup();
      const replies = [
        await hub.handle(
          ask('account:sign-up', { username: 'ada', password: 'correct horse', displayName: 'Ada' }),
        ),
        await hub.handle(ask('account:get')),
      ];
      expect(replies[1]).toEqual({
        ok: true,
        value: { profile: expect.objectContaining({ username: 'ada' }) },
      });
      expect(JSON.stringify(replies)).not.toContain('session-ada');
      await hub.handle(ask('directory:get'));
      expect(api.tokensSeen).toEqual(['session-ada']);

      const out = await hub.handle(ask('account:sign-out'));
      expect(out).toEqual({ ok: true, value: { profile: null } });
      expect(api.calls).toEqual(['sign-out session-ada']);
      expect(await accountItem.getValue()).toBeNull();

      const wrong = await hub.handle(ask('account:sign-in', { username: 'ada', password: 'nope' }));
      expect(wrong).toEqual({ ok: false, error: { code: 'failed', message: 'Wrong username or password' } });
      const right = await hub.handle(ask('account:sign-in', { username: 'ada', password: 'correct horse' }));
      expect(right).toMatchObject({ ok: true, value: { profile: { username: 'ada' } } });
    });

    it('forgets an expired session', async () => {
      const { hub } = setup();
      await accountItem.setValue({
        token: 'old',
        expiresAt: '2000-01-01T00:00:00Z',
        profile: { id: 'a', username: 'ada', displayName: 'Ada', avatarUrl: null },
      });
      expect(await hub.handle(ask('account:get'))).toEqual({ ok: true, value: { profile: null } });
    });

    it('follows and unfollows; the directory lists rooms of followed hosts', async () => {
      const { hub, api } = setup();
      api.rooms[0] = { ...api.rooms[0]!, hostUsername: 'bob' };
      await hub.handle(ask('account:sign-up', { username: 'ada', password: 'correct horse' }));
      await hub.handle(ask('follow:set', { username: 'bob', following: true }));
      expect(await hub.handle(ask('follows:list'))).toEqual({ ok: true, value: ['bob'] });
      expect(await hub.handle(ask('directory:get'))).toMatchObject({
        ok: true,
        value: { live: [{ id: 'r1' }] },
      });
      await hub.handle(ask('follow:set', { username: 'bob', following: false }));
      expect(await hub.handle(ask('directory:get'))).toMatchObject({ ok: true, value: { live: [] } });
    });
  });

  describe('hosting and the stage', () => {
    it('a room started now puts the host in it; a scheduled one does not', async () => {
      const { hub, engine } = setup();
      const live = await hub.handle(ask('room:create', { title: 'Live now' }));
      expect(live).toMatchObject({
        ok: true,
        value: { room: { title: 'Live now' }, session: { status: 'connected' } },
      });
      expect(engine.connectedRoom).toBe('new2');
      const later = await hub.handle(
        ask('room:create', { title: 'Later', scheduledFor: '2099-01-01T18:00:00Z' }),
      );
      expect(later).toMatchObject({ ok: true, value: { room: { state: 'scheduled' } } });
      expect(engine.connectedRoom).toBe('new2');
    });

    it('raising a hand is remembered until the host invites', async () => {
      const { hub, engine, api } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      expect(await hub.handle(ask('room:hand', { raised: true }))).toMatchObject({
        ok: true,
        value: { handRaised: true },
      });
      expect(api.calls).toEqual(['hand r1 true']);
      await hub.handle(ask('engine:changed', { snapshot: engine.snapshot() }));
      expect((await hub.session()).handRaised).toBe(false); // the fake engine says we may publish
    });

    it('moderation acts on the current room; outside a room it is refused', async () => {
      const { hub, api } = setup();
      const outside = await hub.handle(ask('room:stage', { accountId: 'id-bob', onStage: true }));
      expect(outside).toEqual({ ok: false, error: { code: 'failed', message: 'Not in a room' } });
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      expect(await hub.handle(ask('room:requests'))).toMatchObject({
        ok: true,
        value: [{ username: 'bob' }],
      });
      await hub.handle(ask('room:stage', { accountId: 'id-bob', onStage: true }));
      await hub.handle(ask('room:mute-speaker', { accountId: 'id-bob' }));
      await hub.handle(ask('room:remove', { accountId: 'id-bob' }));
      await hub.handle(ask('room:react', { emoji: '👏' }));
      expect(api.calls).toEqual([
        'stage r1 id-bob true',
        'mute r1 id-bob',
        'remove r1 id-bob',
        'react r1 👏',
      ]);
    });

    it('ending the room leaves it and says it ended', async () => {
      const { hub, engine, api } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      expect(await hub.handle(ask('room:end'))).toMatchObject({
        ok: true,
        value: { status: 'idle', endedReason: 'room_ended' },
      });
      expect(api.calls).toEqual(['end r1']);
      expect(engine.running).toBe(false);
    });
  });

  describe('invalid messages get a clear error and change nothing', () => {
    const bad: Array<[string, unknown]> = [
      ['not an object', 'join please'],
      ['null', null],
      ['no type', { target: 'background' }],
      ['unknown type', ask('room:explode')],
      ['room id not a string', ask('room:join', { roomId: 42 })],
      ['room id with markup', ask('room:join', { roomId: '<img src=x onerror=alert(1)>' })],
      ['room id too long', ask('room:join', { roomId: 'a'.repeat(65) })],
      ['unexpected field', ask('room:leave', { force: true })],
      ['malformed engine snapshot', ask('engine:changed', { snapshot: { status: 'dancing' } })],
      ['lookup of too many rooms', ask('feed:lookup', { roomIds: Array(101).fill('r1'), hosts: [] })],
      [
        'lookup on an unknown site',
        ask('feed:lookup', { roomIds: [], hosts: [{ site: 'myspace', handle: 'a' }] }),
      ],
    ];
    it.each(bad)('%s', async (_name, raw) => {
      const { hub, engine, api, broadcasts } = setup();
      await hub.handle(ask('room:join', { roomId: 'r1' }));
      const before = await hub.session();
      const sentBefore = broadcasts.length;
      const changes = () => engine.commands.filter((c) => c.type !== 'engine:snapshot').length;
      const commandsBefore = changes();
      const reply = await hub.handle(raw);
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('invalid_message');
        expect(reply.error.message).toMatch(/^Invalid message "[^"]*": .+/);
      }
      expect(await hub.session()).toEqual(before);
      expect(broadcasts.length).toBe(sentBefore);
      expect(changes()).toBe(commandsBefore);
      expect(api.listenCalls).toEqual(['r1']);
    });
  });
});
