import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ServerCheck } from '@/utils/background/server-check';
import type { ViewSnapshot } from '@/utils/protocol/view-snapshot';
import {
  accountItem,
  chosenServiceUrl,
  microphoneDeviceItem,
  remindersItem,
  serviceUrlItem,
  viewSnapshotItem,
} from '@/utils/storage/settings';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from '../fakes';

/** The snapshot is written just after the answer. */
const written = () => new Promise((resolve) => setTimeout(resolve, 10));

const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

function setup(health: ServerCheck = { ok: true, version: '0.2.0' }) {
  const engine = new FakeEngineHost();
  const api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null));
  const checked: string[] = [];
  let accountChanges = 0;
  const hub = createTestHub(api, {
    engine,
    serviceUrl: () => serviceUrlItem.getValue(),
    reminders: { load: () => remindersItem.getValue(), save: (value) => remindersItem.setValue(value) },
    viewSnapshot: {
      load: () => viewSnapshotItem.getValue(),
      save: (value) => viewSnapshotItem.setValue(value),
    },
    accountChanged: () => void accountChanges++,
    server: {
      chosen: chosenServiceUrl,
      defaultUrl: 'http://127.0.0.1:8787',
      async check(origin) {
        checked.push(origin);
        return health;
      },
      save: (origin) => serviceUrlItem.setValue(origin),
    },
  });
  return { hub, engine, api, checked, accountChanges: () => accountChanges };
}

async function signedInListening(hub: ReturnType<typeof setup>['hub'], api: FakeRoomsApi) {
  api.accounts.set('ada', {
    password: 'pw',
    profile: { id: 'id-ada', username: 'ada', displayName: 'Ada', avatarUrl: null },
  });
  await hub.handle(ask('account:sign-in', { username: 'ada', password: 'pw' }));
  await hub.handle(ask('room:join', { roomId: 'r1' }));
  await remindersItem.setValue({ 'old-room': 'Old room' });
  await microphoneDeviceItem.setValue('usb-mic');
}

beforeEach(() => fakeBrowser.reset());

describe('server:get', () => {
  it('a first run has not chosen: the build default is offered; a stored serviceUrl counts as chosen', async () => {
    const { hub } = setup();
    expect(await hub.handle(ask('server:get'))).toEqual({
      ok: true,
      value: { serviceUrl: 'http://127.0.0.1:8787', chosen: false, defaultUrl: 'http://127.0.0.1:8787' },
    });
    await serviceUrlItem.setValue('http://127.0.0.1:9999');
    expect(await hub.handle(ask('server:get'))).toMatchObject({
      value: { serviceUrl: 'http://127.0.0.1:9999', chosen: true },
    });
  });
});

describe('server:choose', () => {
  it('checks the server, then signs out of the old one, leaves the room and forgets its reminders only', async () => {
    const { hub, engine, api, checked, accountChanges } = setup();
    await serviceUrlItem.setValue('http://127.0.0.1:8787');
    await signedInListening(hub, api);
    const reply = await hub.handle(ask('server:choose', { url: 'https://rooms.example.org/' }));
    expect(reply).toEqual({
      ok: true,
      value: { ok: true, serviceUrl: 'https://rooms.example.org', version: '0.2.0' },
    });
    expect(checked).toEqual(['https://rooms.example.org']);
    expect(api.calls).toContain('sign-out session-ada'); // told the old server, with the old token
    expect(await accountItem.getValue()).toBeNull();
    expect(engine.commands.at(-1)).toMatchObject({ type: 'engine:disconnect' });
    expect(await hub.handle(ask('session:get'))).toMatchObject({ value: { status: 'idle' } });
    expect(await serviceUrlItem.getValue()).toBe('https://rooms.example.org');
    expect(await remindersItem.getValue()).toEqual({});
    expect(await microphoneDeviceItem.getValue()).toBe('usb-mic');
    expect(accountChanges()).toBeGreaterThan(1); // sign-in, then the move: the live watcher starts over
  });

  it('the same server again: nothing is signed out or left', async () => {
    const { hub, api } = setup();
    await serviceUrlItem.setValue('http://127.0.0.1:8787');
    await signedInListening(hub, api);
    const reply = await hub.handle(ask('server:choose', { url: 'http://127.0.0.1:8787/' }));
    expect(reply).toMatchObject({ value: { ok: true } });
    expect(await accountItem.getValue()).not.toBeNull();
    expect(await hub.handle(ask('session:get'))).toMatchObject({ value: { status: 'connected' } });
  });

  it('a server that fails its check is not saved, and nothing is signed out', async () => {
    const { hub, api } = setup({ ok: false, problem: 'not-earshot' });
    await serviceUrlItem.setValue('http://127.0.0.1:8787');
    await signedInListening(hub, api);
    expect(await hub.handle(ask('server:choose', { url: 'https://example.org' }))).toEqual({
      ok: true,
      value: { ok: false, problem: 'not-earshot', origin: 'https://example.org' },
    });
    expect(await serviceUrlItem.getValue()).toBe('http://127.0.0.1:8787');
    expect(await accountItem.getValue()).not.toBeNull();
  });

  it('refuses a bad address before asking anyone', async () => {
    const { hub, checked } = setup();
    expect(await hub.handle(ask('server:choose', { url: 'http://rooms.example.org' }))).toMatchObject({
      value: { ok: false, problem: 'https-required' },
    });
    expect(await hub.handle(ask('server:choose', { url: 'no way' }))).toMatchObject({
      value: { ok: false, problem: 'not-a-url' },
    });
    expect(checked).toEqual([]);
    expect(await chosenServiceUrl()).toBeNull();
  });
});

describe('the popup snapshot', () => {
  it('keeps the account and its directory and follows; a new account or server starts it over', async () => {
    const { hub, api } = setup();
    await serviceUrlItem.setValue('http://127.0.0.1:8787');
    await hub.handle(ask('directory:get'));
    await written();
    const signedOut = (await viewSnapshotItem.getValue()) as ViewSnapshot;
    expect(signedOut).toMatchObject({ serviceUrl: 'http://127.0.0.1:8787', profile: null });
    expect(signedOut.directory?.live.map((r) => r.id)).toEqual(['r1', 'r2']);

    api.accounts.set('ada', {
      password: 'pw',
      profile: { id: 'id-ada', username: 'ada', displayName: 'Ada', avatarUrl: null },
    });
    await hub.handle(ask('account:sign-in', { username: 'ada', password: 'pw' }));
    expect(await viewSnapshotItem.getValue()).toMatchObject({
      profile: { username: 'ada' },
      directory: null,
    });
    await hub.handle(ask('directory:get'));
    await hub.handle(ask('follows:list'));
    await written();
    expect(await viewSnapshotItem.getValue()).toMatchObject({
      profile: { username: 'ada' },
      directory: { live: [] },
      following: [],
    });

    await hub.handle(ask('server:choose', { url: 'https://rooms.example.org' }));
    expect(await viewSnapshotItem.getValue()).toBeNull();
  });
});
