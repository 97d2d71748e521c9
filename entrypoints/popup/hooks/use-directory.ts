import { type Signal, useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { type Connection, createRefresher } from '@/utils/pages/connection';
import { ask } from '@/utils/protocol/ask';
import type { Directory } from '@/utils/protocol/session-state';
import type { ViewSnapshot } from '@/utils/protocol/view-snapshot';
import type { Profile } from '@/wire/accounts';

const ROOMS_REFRESH_MS = 15_000;

/**
 * What the popup shows from the rooms service (live and upcoming rooms, whom the user follows), kept fresh,
 * and whether the service can be reached. It starts with the background's snapshot of the last directory (shown
 * at once, then replaced); loading starts with `refresher.start()`, once the account is known.
 */
export function useDirectory(profile: Signal<Profile | null>, snapshot: ViewSnapshot | null) {
  const directory = useSignal<Directory | null>(snapshot?.directory ?? null);
  /** Whom the user follows; null until loaded (a follow button would otherwise claim "not following"). */
  const following = useSignal<Set<string> | null>(snapshot?.following ? new Set(snapshot.following) : null);
  const connection = useSignal<Connection>(navigator.onLine ? 'online' : 'offline');
  /** When the directory on screen was loaded. */
  const updatedAt = useSignal<number | null>(snapshot?.directoryAt ?? null);
  /**
   * The snapshot is shown only until the first load settles: if the service cannot be reached then, the
   * popup says the rooms are not loaded rather than show lists of unknown age as if current.
   */
  let provisional = snapshot?.directory != null;

  /** Rooms, and whom the user follows. Rejects when it cannot. */
  async function load() {
    const [nextDirectory, follows] = await Promise.all([
      ask('directory:get'),
      profile.value ? ask('follows:list') : [],
    ]);
    // Nothing on screen is replaced until everything has arrived: what was loaded last stays meanwhile.
    directory.value = nextDirectory;
    following.value = new Set(follows);
    updatedAt.value = Date.now();
  }

  const refresher = useMemo(
    () =>
      createRefresher({
        load,
        everyMs: ROOMS_REFRESH_MS,
        events: window,
        onConnection(next) {
          if (provisional && next !== 'online') {
            directory.value = null;
            following.value = null;
            updatedAt.value = null;
          }
          provisional = false;
          connection.value = next;
        },
      }),
    [],
  );
  useEffect(() => () => refresher.stop(), []);

  return { directory, following, connection, updatedAt, refresher, loadRooms: () => refresher.refresh() };
}

export type DirectoryModel = ReturnType<typeof useDirectory>;
