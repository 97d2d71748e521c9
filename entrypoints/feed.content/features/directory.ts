/**
 * The room directory (live and upcoming rooms of the people followed): loaded first, then every 30 s while the
 * page is visible, when it becomes visible again, when the user joined or left a room (counts changed) and when
 * they signed in or out (whom they follow).
 * The bar lists its live rooms; cards take it as fresh news.
 */
import { refreshWhileVisible } from '@/utils/feed/abortable';
import { onAccountChanged } from '@/utils/protocol/ask';
import { type FeedContext, NO_ROOMS } from '../feed-context';
import { onStatusChange } from '../session';

const REFRESH_MS = 30_000;

export function loadDirectory({ ask, state }: FeedContext, signal: AbortSignal): Promise<void> {
  const load = async () => {
    if (document.visibilityState === 'hidden') return;
    try {
      state.directory.value = await ask('directory:get');
    } catch {
      state.directory.value = NO_ROOMS; // the bar collapses; nothing else to say
    }
  };
  onStatusChange(
    state.session,
    (status) => {
      if (status === 'connected' || status === 'idle') void load();
    },
    signal,
  );
  return refreshForViewer(load, signal);
}

/**
 * Runs `load` now, then every 30 s while the page is visible, when it becomes visible again, and at once when the
 * viewer signs in or out (what the feed shows depends on whom they follow), until `signal` aborts. Resolves when
 * the first load is done.
 */
export function refreshForViewer(load: () => Promise<void>, signal: AbortSignal): Promise<void> {
  signal.addEventListener(
    'abort',
    onAccountChanged(() => void load()),
    { once: true },
  );
  return refreshWhileVisible(load, REFRESH_MS, signal);
}
