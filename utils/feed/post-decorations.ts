/**
 * What the feed adds to posts (room cards, live chips): one UI per post and kind+room, mounted once its post is
 * near the viewport (utils/feed/near-viewport.ts), in idle time (utils/feed/idle-mount.ts), and all of a post's removed when the site recycles the element for another post.
 *
 * Sites also take a post's content away and give the same content back in the same element (X empties a row
 * and fills it again, Mastodon swaps an off-screen post for a stub and back): the UIs leave with the content.
 * `revive()` mounts them again once their place is back. It is asked on every frame with mutations, but looks at
 * every decorated post only when the frame removed nodes (nothing can have taken a UI away otherwise); on other
 * frames it retries only the UIs still waiting for their place. An infinite scroll only adds: on a long page a
 * pass over every decorated post per frame was most of what the decorations cost (bench:feed).
 */
import { createIdleMounter } from './idle-mount';
import { createNearViewport } from './near-viewport';

export interface Decoration {
  remove(): void;
  /** Still in the page (false once the site removed the content it was placed in). */
  readonly connected: boolean;
}

export interface PostDecorations {
  /** Mounts `key`'s decoration on `post` in idle time, unless it has one; `mount` may find no place (null). */
  add(post: Element, key: string, mount: () => Decoration | null): void;
  /** Whether anything was added to `post` (since it was last cleared). */
  has(post: Element): boolean;
  /** Removes what was added to `post` (or waits to be), e.g. because the site recycled it for another post. */
  clear(post: Element): void;
  /**
   * Mounts again, in idle time, the decorations the site removed with their post's content (`removed`: the
   * frame removed nodes from the page; else only those that found no place yet are tried again).
   */
  revive(removed: boolean): void;
}

interface Mounted {
  mount: () => Decoration | null;
  decoration: Decoration | null;
  /** Waiting for an idle period. */
  pending: boolean;
}

export function createPostDecorations(signal: AbortSignal): PostDecorations {
  /** Each post's decorations by key (null until mounted, or while its place is missing). */
  const byPost = new Map<Element, Map<string, Mounted>>();
  /** Posts with a decoration that found no place when its turn came (a content warning still closed, a stub). */
  const unplaced = new Set<Element>();
  const idle = createIdleMounter();
  const near = createNearViewport();
  signal.addEventListener(
    'abort',
    () => {
      idle.stop();
      near.stop();
    },
    { once: true },
  );
  const place = (post: Element, own: Map<string, Mounted>, entry: Mounted) => {
    entry.pending = false;
    if (byPost.get(post) !== own) return; // the post was recycled meanwhile
    entry.decoration?.remove();
    entry.decoration = entry.mount();
    if (!entry.decoration) unplaced.add(post);
  };
  const later = (post: Element, own: Map<string, Mounted>, entry: Mounted) => {
    entry.pending = true;
    near.whenNear(post, () => idle.add(post, () => place(post, own, entry)));
  };
  return {
    add(post, key, mount) {
      let own = byPost.get(post);
      if (own?.has(key)) return;
      if (!own) {
        own = new Map();
        byPost.set(post, own);
      }
      const entry: Mounted = { mount, decoration: null, pending: false };
      own.set(key, entry);
      later(post, own, entry);
    },
    has: (post) => byPost.has(post),
    clear(post) {
      near.cancel(post);
      idle.cancel(post);
      for (const entry of byPost.get(post)?.values() ?? []) entry.pending = false;
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
          if (entry.pending || entry.decoration?.connected) continue;
          entry.decoration?.remove();
          entry.decoration = null;
          later(post, own, entry);
        }
      }
    },
  };
}
