/**
 * Whether the popup can reach the rooms service, and keeping its data fresh: a refresh every few seconds while
 * all is well, quick retries with growing pauses while the service cannot be reached, and an immediate retry
 * when the browser says it is back online. What was loaded last stays on screen meanwhile.
 */
import { isUnreachable } from '@/utils/protocol/ask';

/** `offline`: the browser has no network. `unreachable`: it has, but the rooms service does not answer. */
export type Connection = 'online' | 'offline' | 'unreachable';

/** Pauses between retries while the service cannot be reached (the last one repeats). */
export const RETRY_DELAYS_MS = [1_000, 2_000, 3_000];

export interface RefresherOptions {
  /** Loads everything the popup shows from the service; rejects when it cannot. */
  load(): Promise<void>;
  /** Told each time the connection state is known again. */
  onConnection(connection: Connection, at: number): void;
  /** Pause between refreshes while the service answers. */
  everyMs: number;
  retryDelaysMs?: number[];
  onLine?: () => boolean;
  /** Where `online` / `offline` events arrive. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  now?: () => number;
}

export interface Refresher {
  /** Loads now; then again after `everyMs`, or sooner while it fails. */
  refresh(): Promise<void>;
  /** Something else failed to reach the service: show it and retry soon. */
  failed(error: unknown): void;
  start(): void;
  stop(): void;
}

export function createRefresher(options: RefresherOptions): Refresher {
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  const onLine = options.onLine ?? (() => navigator.onLine);
  const now = options.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = true;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(() => void refresher.refresh(), ms);
  };
  const down = () => {
    options.onConnection(onLine() ? 'unreachable' : 'offline', now());
    schedule(delays[Math.min(failures, delays.length - 1)]!);
    failures += 1;
  };
  const wentOnline = () => {
    failures = 0; // the network is back: retry at the quickest pace if this first attempt is too early
    void refresher.refresh();
  };
  const wentOffline = () => {
    options.onConnection('offline', now());
    schedule(delays[0]!);
  };

  async function loadOnce(): Promise<void> {
    try {
      await options.load();
    } catch {
      down();
      return;
    }
    failures = 0;
    options.onConnection('online', now());
    schedule(options.everyMs);
  }

  // One load at a time: a refresh asked for during one runs right after it, so the outcome of an older attempt
  // (one that failed while offline, say) never overrides a newer one.
  let running: Promise<void> | null = null;
  let again = false;

  const refresher: Refresher = {
    refresh() {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          await loadOnce();
        } while (again);
      })().finally(() => {
        running = null;
      });
      return running;
    },
    failed(error) {
      if (isUnreachable(error) || !onLine()) down();
    },
    start() {
      stopped = false;
      options.events?.addEventListener('online', wentOnline);
      options.events?.addEventListener('offline', wentOffline);
      void refresher.refresh();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      options.events?.removeEventListener('online', wentOnline);
      options.events?.removeEventListener('offline', wentOffline);
    },
  };
  return refresher;
}
