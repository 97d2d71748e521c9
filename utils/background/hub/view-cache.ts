/**
 * Keeps the popup's snapshot (utils/protocol/view-snapshot.ts) up to date with what the background answers:
 * the account, the directory and the follows. A directory or follows of another account or server is dropped.
 * Writes run one at a time, each merging into the last.
 */
import type { Profile } from '@/wire/accounts';
import type { Directory } from '@/wire/room-summary';
import type { ViewSnapshot } from '../../protocol/view-snapshot';
import type { BackgroundHubDeps } from './deps';

export interface ViewCache {
  profile(profile: Profile | null): Promise<void>;
  directory(directory: Directory, profile: Profile | null): Promise<void>;
  following(usernames: string[], profile: Profile | null): Promise<void>;
  /** Forget everything (another server was chosen). */
  clear(): Promise<void>;
}

const same = (a: Profile | null, b: Profile | null) => (a?.id ?? null) === (b?.id ?? null);

export function createViewCache(
  deps: Pick<BackgroundHubDeps, 'viewSnapshot' | 'serviceUrl' | 'now'>,
): ViewCache {
  const now = deps.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  const update = (change: (current: ViewSnapshot) => ViewSnapshot) => {
    const store = deps.viewSnapshot;
    if (!store) return Promise.resolve();
    const run = queue.then(async () => {
      const serviceUrl = (await deps.serviceUrl?.()) ?? '';
      const saved = await store.load();
      const current: ViewSnapshot =
        saved && saved.serviceUrl === serviceUrl
          ? saved
          : { serviceUrl, profile: null, directory: null, directoryAt: null, following: null };
      const next = change(current);
      if (JSON.stringify(next) !== JSON.stringify(saved)) await store.save(next);
    });
    queue = run.catch(() => undefined);
    return run.catch(() => undefined);
  };
  return {
    profile: (profile) =>
      update((current) =>
        same(current.profile, profile)
          ? { ...current, profile }
          : { ...current, profile, directory: null, directoryAt: null, following: null },
      ),
    directory: (directory, profile) =>
      update((current) =>
        same(current.profile, profile) ? { ...current, directory, directoryAt: now() } : current,
      ),
    following: (usernames, profile) =>
      update((current) => (same(current.profile, profile) ? { ...current, following: usernames } : current)),
    clear: () => {
      const run = queue.then(() => deps.viewSnapshot?.save(null));
      queue = run.catch(() => undefined);
      return run.catch(() => undefined);
    },
  };
}
