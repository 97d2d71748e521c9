import { describe, expect, it } from 'vitest';
import {
  addInstance,
  type InstanceApis,
  listInstances,
  MASTODON_SCRIPT_ID,
  normalizeInstance,
  removeInstance,
} from '@/utils/feed/mastodon-instances';

function fakeApis(grant = true) {
  const granted = new Set<string>();
  let script: { id: string; matches: string[]; js: string[] } | null = null;
  const apis: InstanceApis = {
    permissions: {
      request: async ({ origins }) => {
        if (grant) for (const origin of origins) granted.add(origin);
        return grant;
      },
      remove: async ({ origins }) => {
        for (const origin of origins) granted.delete(origin);
        return true;
      },
      contains: async ({ origins }) => origins.every((origin) => granted.has(origin)),
    },
    scripting: {
      getRegisteredContentScripts: async ({ ids }) => (script && ids.includes(script.id) ? [script] : []),
      registerContentScripts: async ([s]) => {
        if (script) throw new Error('already registered');
        script = s!;
      },
      updateContentScripts: async ([s]) => {
        script = s!;
      },
      unregisterContentScripts: async () => {
        script = null;
      },
    },
  };
  return { apis, granted, script: () => script };
}

describe('Mastodon instances', () => {
  it('accepts host names, URLs and account addresses; refuses the rest', () => {
    expect(normalizeInstance(' Mastodon.Social ')).toBe('mastodon.social');
    expect(normalizeInstance('https://mastodon.social/home')).toBe('mastodon.social');
    expect(normalizeInstance('@me@fosstodon.org')).toBe('fosstodon.org');
    expect(normalizeInstance('http://mastodon.social')).toBeNull();
    expect(normalizeInstance('localhost')).toBeNull();
    expect(normalizeInstance('*.social')).toBeNull();
    expect(normalizeInstance('https://a.example:8443')).toBeNull();
    expect(normalizeInstance('')).toBeNull();
  });

  it('asks for each origin and registers the feed script on exactly the granted ones', async () => {
    const { apis, granted, script } = fakeApis();
    expect(await addInstance(apis, 'mastodon.social')).toBe(true);
    expect(await addInstance(apis, 'fosstodon.org')).toBe(true);
    expect(script()).toMatchObject({
      id: MASTODON_SCRIPT_ID,
      matches: ['https://mastodon.social/*', 'https://fosstodon.org/*'],
      js: ['content-scripts/feed.js'],
    });
    expect(await listInstances(apis)).toEqual(['fosstodon.org', 'mastodon.social']);

    // Access revoked in the browser's settings: no longer listed.
    granted.delete('https://fosstodon.org/*');
    expect(await listInstances(apis)).toEqual(['mastodon.social']);

    await removeInstance(apis, 'mastodon.social');
    expect(script()).toBeNull();
    expect(granted.size).toBe(0);
  });

  it('registers once when two requests for the same host are granted together', async () => {
    const { apis, script } = fakeApis();
    const [first, second] = await Promise.all([
      addInstance(apis, 'mastodon.social'),
      addInstance(apis, 'mastodon.social'),
    ]);
    expect([first, second]).toEqual([true, true]);
    expect(script()?.matches).toEqual(['https://mastodon.social/*']);
  });

  it('registers nothing when the user declines', async () => {
    const { apis, script } = fakeApis(false);
    expect(await addInstance(apis, 'mastodon.social')).toBe(false);
    expect(script()).toBeNull();
  });
});
