import { describe, expect, it, vi } from 'vitest';
import {
  hasServerAccess,
  type PermissionsApi,
  requestServerAccess,
  watchServerAccess,
} from '@/utils/permissions/server-access';

/** Permissions the test can take away and give back, with the browser's events. */
function fakePermissions(granted: Set<string>) {
  const added = new Set<() => void>();
  const removed = new Set<() => void>();
  const api: PermissionsApi = {
    request: vi.fn(async ({ origins }) => {
      for (const origin of origins) granted.add(origin);
      for (const listener of added) listener();
      return true;
    }),
    contains: async ({ origins }) => origins.every((origin) => granted.has(origin)),
    onAdded: { addListener: (l) => added.add(l), removeListener: (l) => added.delete(l) },
    onRemoved: { addListener: (l) => removed.add(l), removeListener: (l) => removed.delete(l) },
  };
  const revoke = (origin: string) => {
    granted.delete(origin);
    for (const listener of removed) listener();
  };
  return { api, revoke, listeners: () => added.size + removed.size };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('watchServerAccess', () => {
  it('notices the site access being removed, and given back', async () => {
    const { api, revoke, listeners } = fakePermissions(new Set(['https://rooms.example.org/*']));
    const seen: boolean[] = [];
    const stop = watchServerAccess(
      api,
      () => 'https://rooms.example.org',
      (granted) => seen.push(granted),
    );
    await settle();
    revoke('https://rooms.example.org/*');
    await settle();
    await api.request({ origins: ['https://rooms.example.org/*'] });
    await settle();
    expect(seen).toEqual([true, false, true]);
    stop();
    expect(listeners()).toBe(0);
  });

  it('a loopback server always has access (granted at install)', async () => {
    const { api, listeners } = fakePermissions(new Set());
    const seen: boolean[] = [];
    watchServerAccess(
      api,
      () => 'http://127.0.0.1:8787',
      (granted) => seen.push(granted),
    );
    await settle();
    expect(seen).toEqual([true]);
    expect(listeners()).toBe(0); // nothing to watch: it cannot be taken away
  });
});

describe('a browser that fails to answer', () => {
  const failing = () => Promise.reject(new Error('permissions unavailable'));

  it('a failed check counts as held (it says nothing about the permission)', async () => {
    expect(await hasServerAccess({ contains: failing }, 'https://rooms.example.org')).toBe(true);
    const { api } = fakePermissions(new Set());
    const seen: boolean[] = [];
    watchServerAccess(
      { ...api, contains: failing },
      () => 'https://rooms.example.org',
      (granted) => seen.push(granted),
    );
    await settle();
    expect(seen).toEqual([true]);
  });

  it('a failed request counts as refused', async () => {
    expect(await requestServerAccess({ request: failing }, 'https://rooms.example.org')).toBe(false);
  });
});
