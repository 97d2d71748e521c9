/**
 * Mastodon instances the user enabled: each one is an optional host permission granted at runtime, and the
 * feed content script is registered (persistently) on exactly those origins. The registration is the list.
 */
import { FEED_SCRIPT_FILE } from './matches';

export const MASTODON_SCRIPT_ID = 'earshot-feed-mastodon';

/** The browser APIs this needs (the real `browser.permissions` / `browser.scripting`, or fakes in tests). */
export interface InstanceApis {
  permissions: {
    request(permissions: { origins: string[] }): Promise<boolean>;
    remove(permissions: { origins: string[] }): Promise<boolean>;
    contains(permissions: { origins: string[] }): Promise<boolean>;
    /** Grants made elsewhere (the browser's site access settings) while a request is still waiting. */
    onAdded?: {
      addListener(listener: (permissions: { origins?: string[] }) => void): void;
      removeListener(listener: (permissions: { origins?: string[] }) => void): void;
    };
  };
  scripting: {
    getRegisteredContentScripts(filter: {
      ids: string[];
    }): Promise<Array<{ id: string; matches?: string[] }>>;
    registerContentScripts(scripts: RegisteredScript[]): Promise<void>;
    updateContentScripts(scripts: RegisteredScript[]): Promise<void>;
    unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  };
}

interface RegisteredScript {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_idle';
  persistAcrossSessions: boolean;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** `Mastodon.Social`, `https://mastodon.social/home`, `@me@mastodon.social` → `mastodon.social`; else null. */
export function normalizeInstance(input: string): string | null {
  let text = input.trim().toLowerCase();
  const acct = /^@?[^@\s/]+@([^@\s/]+)$/.exec(text);
  if (acct) text = acct[1]!;
  if (!/^[a-z]+:\/\//.test(text)) text = `https://${text}`;
  let host: string;
  try {
    const url = new URL(text);
    if (url.protocol !== 'https:' || url.port || url.username) return null;
    host = url.hostname;
  } catch {
    return null;
  }
  return HOST.test(host) ? host : null;
}

export const originPattern = (host: string) => `https://${host}/*`;
const hostOf = (pattern: string) => /^https:\/\/([^/]+)\/\*$/.exec(pattern)?.[1] ?? null;

async function registeredHosts(apis: InstanceApis): Promise<string[]> {
  const [script] = await apis.scripting.getRegisteredContentScripts({ ids: [MASTODON_SCRIPT_ID] });
  return (script?.matches ?? []).map(hostOf).filter((host): host is string => host !== null);
}

async function register(apis: InstanceApis, hosts: string[]): Promise<void> {
  const exists = (await apis.scripting.getRegisteredContentScripts({ ids: [MASTODON_SCRIPT_ID] })).length > 0;
  if (hosts.length === 0) {
    if (exists) await apis.scripting.unregisterContentScripts({ ids: [MASTODON_SCRIPT_ID] });
    return;
  }
  const script: RegisteredScript = {
    id: MASTODON_SCRIPT_ID,
    matches: hosts.map(originPattern),
    js: [FEED_SCRIPT_FILE],
    runAt: 'document_idle',
    persistAcrossSessions: true,
  };
  await (exists
    ? apis.scripting.updateContentScripts([script])
    : apis.scripting.registerContentScripts([script]));
}

/** Enabled instances: registered, and still granted (the user may revoke access in the browser's settings). */
export async function listInstances(apis: InstanceApis): Promise<string[]> {
  const hosts = await registeredHosts(apis);
  const granted = await Promise.all(
    hosts.map((host) => apis.permissions.contains({ origins: [originPattern(host)] })),
  );
  return hosts.filter((_, i) => granted[i]).sort();
}

/** Where adding an instance stands, for the page to say: asking the browser, then registering the feed script. */
export type AddStep = 'asking' | 'registering';

/**
 * Asks for access to `host` (call it straight from the click: the browser wants a user gesture) and
 * registers the feed script there. Resolves false when the user declined. `onStep` hears each step, so the
 * page can say what it waits for: the browser's prompt may stay open a long time (in a headless browser it
 * never settles). A grant that takes effect elsewhere meanwhile (`permissions.onAdded`) is taken as the answer;
 * one given in Chromium's Site access settings takes effect at the next request (Add again).
 */
export async function addInstance(
  apis: InstanceApis,
  host: string,
  onStep?: (step: AddStep) => void,
): Promise<boolean> {
  onStep?.('asking');
  const granted = await requestOrGrant(apis, originPattern(host));
  if (!granted) return false;
  onStep?.('registering');
  await serially(async () => {
    const hosts = await listInstances(apis);
    await register(apis, [...new Set([...hosts, host])]);
  });
  return true;
}

/**
 * Registration changes one at a time: two requests answered together (an Add pressed again while the first
 * prompt was open) would otherwise both register the script ("Duplicate script ID").
 */
let registering: Promise<unknown> = Promise.resolve();
function serially(change: () => Promise<void>): Promise<void> {
  const next = registering.then(change, change);
  registering = next.catch(() => undefined);
  return next;
}

/** The browser's answer to the request for `origin`, or true as soon as it is granted some other way. */
function requestOrGrant(apis: InstanceApis, origin: string): Promise<boolean> {
  const { onAdded } = apis.permissions;
  return new Promise<boolean>((resolve, reject) => {
    const added = (permissions: { origins?: string[] }) => {
      if (permissions.origins?.includes(origin)) settle(true);
    };
    const settle = (granted: boolean) => {
      onAdded?.removeListener(added);
      resolve(granted);
    };
    onAdded?.addListener(added);
    apis.permissions.request({ origins: [origin] }).then(settle, (error: unknown) => {
      onAdded?.removeListener(added);
      reject(error);
    });
  });
}

export async function removeInstance(apis: InstanceApis, host: string): Promise<void> {
  await serially(async () => {
    const hosts = (await listInstances(apis)).filter((h) => h !== host);
    await register(apis, hosts);
  });
  await apis.permissions.remove({ origins: [originPattern(host)] }).catch(() => false);
}
