/**
 * The few background calls the feed content script makes, typed by the shared message types but without
 * importing utils/messages.ts at run time: that module builds every valibot schema at load, which would add
 * about 10 kB to a script injected into every timeline page. Same wire format as utils/background-client.ts.
 */
import { browser } from 'wxt/browser';
import type { FeedConfig, FeedSite, HostHandle, Reply, SessionChangedEvent } from '@/utils/protocol/messages';
import type { Directory, FeedLookupResult, LiveHosts, SessionState } from '@/utils/protocol/session-state';
import type { ReactionEmoji } from '@/wire/reactions';

type FeedRequest =
  | { target: 'background'; type: 'session:watch' }
  | { target: 'background'; type: 'feed:config' }
  | { target: 'background'; type: 'directory:get' }
  | { target: 'background'; type: 'feed:lookup'; roomIds: string[]; hosts: HostHandle[] }
  | { target: 'background'; type: 'feed:live-hosts'; site: FeedSite }
  | { target: 'background'; type: 'room:join'; roomId: string }
  | { target: 'background'; type: 'room:leave' }
  | { target: 'background'; type: 'account:get' }
  | { target: 'background'; type: 'room:microphone'; enabled: boolean }
  | { target: 'background'; type: 'room:hand'; raised: boolean }
  | { target: 'background'; type: 'room:react'; emoji: ReactionEmoji }
  | { target: 'background'; type: 'popup:start-room' };

interface Answers {
  'session:watch': SessionState;
  'feed:config': FeedConfig;
  'directory:get': Directory;
  'feed:lookup': FeedLookupResult;
  'feed:live-hosts': LiveHosts;
  'room:join': SessionState;
  'room:leave': SessionState;
  'account:get': { profile: { username: string } | null };
  'room:microphone': SessionState;
  'room:hand': SessionState;
  'room:react': null;
  'popup:start-room': 'popup' | 'window' | null;
}

export async function ask<R extends FeedRequest>(request: R): Promise<Answers[R['type']]> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<Answers[R['type']]> | undefined;
  if (!reply) throw new Error(`${request.type}: no answer`);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

/**
 * The session now and on every change: the background only messages tabs that asked (`session:watch`).
 * Returns an unsubscribe function.
 */
export function watchSession(listener: (state: SessionState) => void): () => void {
  const handler = (raw: unknown) => {
    const event = raw as Partial<SessionChangedEvent> | null;
    if (event && event.target === 'views' && event.type === 'session:changed' && event.state) {
      listener(event.state);
    }
    return undefined;
  };
  browser.runtime.onMessage.addListener(handler);
  ask({ target: 'background', type: 'session:watch' })
    .then(listener)
    .catch(() => undefined);
  return () => browser.runtime.onMessage.removeListener(handler);
}
