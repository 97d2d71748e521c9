/**
 * Finds links to Earshot rooms (`<service>/r/<id>`) in what a post shows: plain links, X's t.co links whose
 * visible text carries the real URL (part of it in hidden spans), and redirect links with the target in `?u=`.
 * Pure string work: no DOM, no network.
 */

/** A room id as the rooms service mints them. */
export const ROOM_ID = /^[A-Za-z0-9]{10}$/;

export interface RoomLinkMatcher {
  /** The room id `candidate` points to, or null. */
  roomIdOf(candidate: string): string | null;
  /**
   * A CSS selector for links whose href carries a room URL, as is or percent-encoded (a redirect's `?u=`): one
   * `querySelector` with it finds nothing in a post without a room link, which is most posts. (No descendant
   * combinator: Chromium would check every link's ancestors up to the document for it.)
   */
  readonly linkSelector: string;
}

/** A CSS string's content: quotes and backslashes escaped. */
export const cssString = (text: string) => text.replace(/["\\]/g, '\\$&');

/** Builds a matcher for room links to the service at `serviceUrl` (any scheme, same host and port). */
export function createRoomLinkMatcher(serviceUrl: string): RoomLinkMatcher {
  let host: string;
  try {
    host = new URL(serviceUrl).host.toLowerCase();
  } catch {
    return { roomIdOf: () => null, linkSelector: 'a:not(a)' };
  }
  const path = `${host}/r/`;
  // One `a:is(…)` rather than a list of `a[…]`: Chromium tries each selector of a list on every element, while
  // here a tag check turns most elements down at once (about half the cost of the list per post, measured).
  const hrefs = [path, encodeURIComponent(path)].map((text) => `[href*="${cssString(text)}" i]`);
  const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Scheme optional: X's visible text sometimes starts at the host. `…` ends a truncated display text.
  const pattern = new RegExp(`^(?:https?://)?${escaped}/r/([A-Za-z0-9]{10})(?:[/?#…]|$)`, 'i');

  function direct(candidate: string): string | null {
    const match = pattern.exec(candidate.trim());
    return match ? match[1]! : null;
  }

  return {
    linkSelector: `a:is(${hrefs.join(', ')})`,
    roomIdOf(candidate) {
      const found = direct(candidate);
      if (found) return found;
      // A redirect (Bluesky's go.bsky.app, a link shortener) carrying the target in `?u=` or `?url=`.
      const query = candidate.indexOf('?');
      if (query < 0) return null;
      let params: URLSearchParams;
      try {
        params = new URLSearchParams(candidate.slice(query + 1));
      } catch {
        return null;
      }
      const target = params.get('u') ?? params.get('url');
      return target ? direct(target) : null;
    },
  };
}

/** What an X link shows: its text content without the trailing ellipsis X adds to long URLs. */
export function visibleUrlText(text: string): string {
  return text.replace(/\s+/g, '').replace(/…$/, '');
}
