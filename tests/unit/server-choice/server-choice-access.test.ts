/**
 * The background follows the chosen server's host permission: when the user removes it (browser settings), the
 * session says `serverAccess: 'missing'` and every view is told; given back, the flag goes. Room changes keep it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ServerAccess } from '@/utils/background/hub/deps';
import { browserServerAccess } from '@/utils/background/server-access';
import type { SessionState } from '@/utils/protocol/session-state';
import { accountItem, chosenServiceUrl, serviceUrlItem } from '@/utils/storage/settings';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from '../fakes';

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const ask = (type: string, extra: Record<string, unknown> = {}) => ({ target: 'background', type, ...extra });

/** Host permissions the test takes away and gives back, announcing each change as the browser does. */
function fakeAccess(granted: Set<string>) {
  const listeners: Array<() => void> = [];
  const access: ServerAccess = {
    has: async (origin) => granted.has(origin),
    watch: (changed) => void listeners.push(changed),
  };
  const change = (origin: string, grant: boolean) => {
    if (grant) granted.add(origin);
    else granted.delete(origin);
    for (const listener of listeners) listener();
  };
  return { access, change };
}

function setup(granted: Set<string>) {
  const { access, change } = fakeAccess(granted);
  return { ...hubWith(access), change };
}

/** A test hub whose chosen server (in fake storage) has `access`. */
function hubWith(access: ServerAccess, chosen = chosenServiceUrl) {
  const broadcasts: SessionState[] = [];
  const engine = new FakeEngineHost();
  const api = new FakeRoomsApi(() => accountItem.getValue().then((a) => a?.token ?? null));
  const hub = createTestHub(api, {
    engine,
    broadcast: (state) => void broadcasts.push(state),
    serviceUrl: () => serviceUrlItem.getValue(),
    server: {
      chosen,
      defaultUrl: 'http://127.0.0.1:8787',
      check: async () => ({ ok: true, version: '1' }),
      save: (origin) => serviceUrlItem.setValue(origin),
      access,
    },
  });
  const session = async () => ((await hub.handle(ask('session:get'))) as { value: SessionState }).value;
  return { hub, broadcasts, session };
}

const SERVER = 'https://rooms.example.org';

beforeEach(() => fakeBrowser.reset());

describe('the background and the chosen server’s site access', () => {
  it('a removed permission puts serverAccess: missing in the session and tells the views; granted back, it goes', async () => {
    await serviceUrlItem.setValue(SERVER);
    const { change, broadcasts, session } = setup(new Set([SERVER]));
    await settle();
    expect((await session()).serverAccess).toBeUndefined();

    change(SERVER, false);
    await settle();
    expect((await session()).serverAccess).toBe('missing');
    expect(broadcasts.at(-1)?.serverAccess).toBe('missing');

    change(SERVER, true);
    await settle();
    expect((await session()).serverAccess).toBeUndefined();
    expect(broadcasts.at(-1)?.serverAccess).toBeUndefined();
  });

  it('notices at start a permission removed while the background was not running', async () => {
    await serviceUrlItem.setValue(SERVER);
    const { session } = setup(new Set());
    await settle();
    expect((await session()).serverAccess).toBe('missing');
  });

  it('the flag survives room changes (joining, leaving) until access comes back', async () => {
    await serviceUrlItem.setValue(SERVER);
    const { hub, change, session } = setup(new Set([SERVER]));
    change(SERVER, false);
    await settle();
    await hub.handle(ask('room:join', { roomId: 'r1' }));
    expect(await session()).toMatchObject({ status: 'connected', serverAccess: 'missing' });
    await hub.handle(ask('room:leave'));
    expect(await session()).toMatchObject({ status: 'idle', serverAccess: 'missing' });
  });

  it('a page asking which server (server:get) makes the background look again', async () => {
    const granted = new Set([SERVER]);
    const { hub, session } = setup(granted);
    await settle();
    await serviceUrlItem.setValue(SERVER); // chosen with no permission event (as a test or a restore does)
    granted.delete(SERVER);
    await hub.handle(ask('server:get'));
    await settle();
    expect((await session()).serverAccess).toBe('missing');
  });

  it('server:get reads the chosen server once and checks that one', async () => {
    await serviceUrlItem.setValue(SERVER);
    const checked: string[] = [];
    let reads = 0;
    const access: ServerAccess = {
      async has(origin) {
        checked.push(origin);
        return true;
      },
      watch: () => undefined,
    };
    const { hub } = hubWith(access, () => {
      reads++;
      return chosenServiceUrl();
    });
    await settle(); // the check the background makes as it starts
    reads = 0;
    checked.length = 0;
    await hub.handle(ask('server:get'));
    await settle();
    expect(reads).toBe(1);
    expect(checked).toEqual([SERVER]);
  });

  it('a permission change for another site leaves it alone; before the first choice nothing is missing', async () => {
    const { change, session } = setup(new Set());
    await settle();
    change('https://mastodon.example', false);
    await settle();
    expect((await session()).serverAccess).toBeUndefined(); // nothing chosen yet: the first run asks
  });

  it('choosing a server again (after granting it) clears the flag', async () => {
    await serviceUrlItem.setValue(SERVER);
    const granted = new Set<string>();
    const { hub, session } = setup(granted);
    await settle();
    expect((await session()).serverAccess).toBe('missing');
    granted.add(SERVER); // granted by the page's request, before it asks the background
    await hub.handle(ask('server:choose', { url: SERVER }));
    expect((await session()).serverAccess).toBeUndefined();
  });
});

describe('browserServerAccess', () => {
  it('asks the browser for the server’s pattern; loopback needs nothing', async () => {
    const asked: string[][] = [];
    const noEvent = { addListener: () => undefined, removeListener: () => undefined };
    const access = browserServerAccess({
      contains: async ({ origins }) => {
        asked.push(origins);
        return false;
      },
      onAdded: noEvent,
      onRemoved: noEvent,
    });
    expect(await access.has('https://rooms.example.org:8443')).toBe(false);
    expect(asked).toEqual([['https://rooms.example.org/*']]);
    expect(await access.has('http://127.0.0.1:8787')).toBe(true);
    expect(asked).toHaveLength(1);
  });

  it('a check the browser fails to answer counts as held: the session says nothing is missing', async () => {
    await serviceUrlItem.setValue(SERVER);
    const noEvent = { addListener: () => undefined, removeListener: () => undefined };
    const access = browserServerAccess({
      contains: () => Promise.reject(new Error('permissions unavailable')),
      onAdded: noEvent,
      onRemoved: noEvent,
    });
    expect(await access.has(SERVER)).toBe(true);
    const { hub, session } = hubWith(access);
    await hub.handle(ask('server:get'));
    await settle();
    expect((await session()).serverAccess).toBeUndefined();
  });
});
