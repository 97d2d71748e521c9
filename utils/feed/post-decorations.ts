/**
 * What the feed adds to posts (room cards, live chips): one UI per post and kind+room, mounted as soon as it is
 * known, and all of a post's removed when the site recycles the element for another post. Mounting at once costs
 * less than waiting for the viewport and an idle period did (an IntersectionObserver entry and two callbacks per
 * post; bench:feed, mixed feed, ~0.3-0.7 ms per 100 posts), and a card is about 0.3 ms.
 *
 * Sites also take a post's content away and give the same content back in the same element (X empties a row
 * and fills it again, Mastodon swaps an off-screen post for a stub and back): the UIs leave with the content.
 * `revive()` mounts them again once their place is back. It is asked before each batch of posts and on the quiet
 * frames after the page changed, but looks at every decorated post only when nodes may have been removed (a
 * quiet frame, or a decorated post that changed); otherwise it retries only the UIs still waiting for their place.
 * An infinite scroll only adds: on a long page a pass over every decorated post per frame was most of what the
 * decorations cost (bench:feed).
 */

export interface Decoration {
  remove(): void;
  /** Still in the page (false once the site removed the content it was placed in). */
  readonly connected: boolean;
}

export interface PostDecorations {
  /** Mounts `key`'s decoration on `post` now, unless it has one; `mount` may find no place (null). */
  add(post: Element, key: string, mount: () => Decoration | null): void;
  /** Whether anything was added to `post` (since it was last cleared). */
  has(post: Element): boolean;
  /** Removes what was added to `post` (or waits to be), e.g. because the site recycled it for another post. */
  clear(post: Element): void;
  /**
   * Mounts again the decorations the site removed with their post's content (`removed`: the
   * frame removed nodes from the page; else only those that found no place yet are tried again).
   */
  revive(removed: boolean): void;
}

interface Mounted {
  mount: () => Decoration | null;
  decoration: Decoration | null;
}

export function createPostDecorations(signal: AbortSignal): PostDecorations {
  /** Each post's decorations by key (null until mounted, or while its place is missing). */
  const byPost = new Map<Element, Map<string, Mounted>>();
  /** Posts with a decoration that found no place when its turn came (a content warning still closed, a stub). */
  const unplaced = new Set<Element>();
  const place = (entry: Mounted, post: Element) => {
    if (signal.aborted) return;
    entry.decoration?.remove();
    entry.decoration = entry.mount();
    if (!entry.decoration) unplaced.add(post);
  };
  return {
    add(post, key, mount) {
      let own = byPost.get(post);
      if (own?.has(key)) return;
      if (!own) {
        own = new Map();
        byPost.set(post, own);
      }
      const entry: Mounted = { mount, decoration: null };
      own.set(key, entry);
      place(entry, post);
    },
    has: (post) => byPost.has(post),
    clear(post) {
      for (const entry of byPost.get(post)?.values() ?? []) entry.decoration?.remove();
      byPost.delete(post);
      unplaced.delete(post);
    },
    revive(removed) {
      if (!removed && unplaced.size === 0) return;
      const posts = removed ? [...byPost.keys()] : [...unplaced];
      unplaced.clear();
      for (const post of posts) {
        const own = byPost.get(post);
        if (!own) continue;
        if (!post.isConnected) {
          // The site dropped the element itself: a new one will be scanned as a new post.
          for (const entry of own.values()) entry.decoration?.remove();
          byPost.delete(post);
          continue;
        }
        // Removed with the content, or never placed (a content warning still closed, a stub): try again.
        for (const entry of own.values()) {
          if (entry.decoration?.connected) continue;
          place(entry, post);
        }
      }
    },
  };
}
