/** What every handler of the hub works with, and the type the compiler checks the handlers against. */

import type { FeedSite } from '@/wire/sites';
import type { AnswerOf, BackgroundMessage, BackgroundRequestType } from '../../protocol/background-protocol';
import type { LiveHosts } from '../../protocol/session-state';
import type { BackgroundHubDeps } from './deps';
import type { Session } from './session';
import type { ViewCache } from './view-cache';

export interface HubContext {
  deps: BackgroundHubDeps;
  session: Session;
  /** A site's live hosts, from the cache when fresh (a new cache when the server changes). */
  liveHosts: (site: FeedSite) => Promise<LiveHosts>;
  /** The popup's snapshot of the account and directory. */
  viewCache: ViewCache;
  /** Pauses between attempts to get back into a room LiveKit dropped. */
  retryDelaysMs: number[];
  /** Whether the user asked to unmute and we are waiting for the permission page. */
  microphone: { unmuteAfterGrant: boolean };
}

/** Answers one validated request of type `T` with that request's answer type (BACKGROUND_PROTOCOL). */
export type Handler<T extends BackgroundRequestType> = (
  request: BackgroundMessage<T>,
  hub: HubContext,
) => Promise<AnswerOf<T>>;

export type HandlerMap = { [T in BackgroundRequestType]: Handler<T> };

/** The error's message, whatever was thrown. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
