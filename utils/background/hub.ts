/**
 * The background's brain: answers views, drives the audio engine and keeps the one session state every view
 * renders. Its browser dependencies are passed in, so it runs unchanged in Chrome, Firefox and unit tests.
 *
 * The parts live in hub/: the session state (hub/session.ts), the live-hosts cache, and one module of
 * handlers per concern (listening, account, hosting, feed), joined and type-checked in hub/handlers.ts.
 */
import { backgroundRequestSchema } from '../protocol/background-protocol';
import { parseMessage } from '../protocol/parse-message';
import { fail, ok, type Reply } from '../protocol/reply';
import type { SessionState } from '../protocol/session-state';
import { type HubContext, messageOf } from './hub/context';
import type { BackgroundHubDeps } from './hub/deps';
import { dispatch } from './hub/handlers';
import { reconcile, recover } from './hub/listening';
import { createLiveHostsCache } from './hub/live-hosts-cache';
import { followServerAccess } from './hub/server';
import { createSession } from './hub/session';
import { createViewCache } from './hub/view-cache';

export type { BackgroundHubDeps, SessionStore } from './hub/deps';
export { LIVE_HOSTS_TTL_MS } from './hub/live-hosts-cache';

export interface BackgroundHub {
  /** Validates and answers one message addressed to the background. */
  handle(raw: unknown): Promise<Reply<unknown>>;
  /** The current session (after restoring it from storage). */
  session(): Promise<SessionState>;
  /** If the engine died while we should be in a room (the browser closed the document), rejoin or say so. */
  checkEngine(): Promise<SessionState>;
}

/**
 * Pauses between attempts to get back into a room LiveKit dropped us from: quick at first (a LiveKit
 * restart takes a second or two, then the host brings the room back), about two minutes in all, which
 * is how long the rooms service keeps a room LiveKit lost waiting for its host.
 */
const RETRY_DELAYS_MS = [0, 250, 500, 1_000, 2_000, 3_000, 5_000, 8_000, 15_000, 30_000, 60_000];

/** The service could not be reached, or a proxy in front of it says it is down: the views show it and retry. */
const unreachable = (error: unknown) => {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  return code === 'unreachable' || status === 502 || status === 503 || status === 504;
};

export function createBackgroundHub(deps: BackgroundHubDeps): BackgroundHub {
  const hub: HubContext = {
    deps,
    session: createSession(deps),
    liveHosts: createLiveHostsCache(deps),
    viewCache: createViewCache(deps),
    retryDelaysMs: deps.retryDelaysMs ?? RETRY_DELAYS_MS,
    microphone: { unmuteAfterGrant: false },
  };
  followServerAccess(hub);

  return {
    async handle(raw) {
      const parsed = parseMessage(backgroundRequestSchema(), raw);
      if (!parsed.ok) return parsed.reply;
      await hub.session.restored;
      try {
        return ok(await dispatch(parsed.message, hub));
      } catch (error) {
        return fail(unreachable(error) ? 'unreachable' : 'failed', messageOf(error));
      }
    },
    session: () => reconcile(hub),
    async checkEngine() {
      await hub.session.restored;
      return hub.session.serial(() => recover(hub));
    },
  };
}
