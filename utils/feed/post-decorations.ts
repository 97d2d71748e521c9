/**
 * What the feed adds to posts (room cards, live chips): one UI per post and kind+room, mounted once in idle time
 * (utils/feed/idle-mount.ts), and all of a post's removed when the site recycles the element for another post.
 */
import { createIdleMounter } from './idle-mount';

export interface Decoration {
  remove(): void;
}

export interface PostDecorations {
  /** Mounts `key`'s decoration on `post` in idle time, unless it has one; `mount` may find no place (null). */
  add(post: Element, key: string, mount: () => Decoration | null): void;
  /** Whether anything was added to `post` (since it was last cleared). */
  has(post: Element): boolean;
  /** Removes what was added to `post` (or waits to be), e.g. because the site recycled it for another post. */
  clear(post: Element): void;
}

export function createPostDecorations(signal: AbortSignal): PostDecorations {
  const mounted = new WeakMap<Element, Decoration[]>();
  const keys = new WeakMap<Element, Set<string>>();
  const idle = createIdleMounter();
  signal.addEventListener('abort', () => idle.stop(), { once: true });
  return {
    add(post, key, mount) {
      const done = keys.get(post) ?? new Set<string>();
      if (done.has(key)) return;
      done.add(key);
      keys.set(post, done);
      idle.add(post, () => {
        if (keys.get(post) !== done) return; // the post was recycled meanwhile
        const decoration = mount();
        if (decoration) mounted.set(post, [...(mounted.get(post) ?? []), decoration]);
      });
    },
    has: (post) => keys.has(post),
    clear(post) {
      idle.cancel(post);
      for (const decoration of mounted.get(post) ?? []) decoration.remove();
      mounted.delete(post);
      keys.delete(post);
    },
  };
}
