/**
 * One MutationObserver for the whole page. Mutation callbacks only queue added elements; the work happens
 * once per animation frame: find the posts among (or around) what was added and hand each post over once.
 * A post element the site recycles for another post (its key changed) counts as new again.
 * Nothing here reads layout: only selector matching and attributes.
 */

export interface PostScannerOptions {
  /** Where posts appear (usually `document.body`). */
  root: Element;
  postSelector: string;
  /** Identifies the post an element shows; a changed key means the element was recycled. */
  postKey(post: Element): string | null;
  /** True for elements this extension inserted (skipped). */
  isOwn(element: Element): boolean;
  /** New (or recycled) posts, once per frame. */
  onPosts(posts: Element[]): void;
  /** Runs on every frame that had mutations, before `onPosts`. */
  onFrame?(): void;
  /** Defers the frame's work; `requestAnimationFrame` by default. */
  schedule?(callback: () => void): void;
}

export interface PostScanner {
  /** Starts observing and scans what is already on the page. */
  start(): void;
  stop(): void;
  /** Forgets which posts were seen and scans the whole root again (after a route change). */
  rescan(): void;
  /** The key read for `post` when it was scanned. */
  keyOf(post: Element): string | null;
}

export function createPostScanner(options: PostScannerOptions): PostScanner {
  const { root, postSelector, postKey, isOwn, onPosts } = options;
  const schedule = options.schedule ?? ((callback) => requestAnimationFrame(callback));
  let seen = new WeakMap<Element, string>();
  let queue: Element[] = [];
  let scheduled = false;
  let running = false;

  const request = () => {
    if (scheduled || !running) return;
    scheduled = true;
    schedule(flush);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === 1) queue.push(node as Element);
        // Text replaced inside a recycled post: look at its parent.
        else if (node.nodeType === 3 && node.parentElement) queue.push(node.parentElement);
      }
    }
    if (queue.length > 0) request();
    else if (options.onFrame) request();
  });

  function flush() {
    scheduled = false;
    if (!running) return;
    const added = queue;
    queue = [];
    const found = new Set<Element>();
    for (const element of added) {
      if (!element.isConnected || isOwn(element)) continue;
      if (element.matches(postSelector)) {
        found.add(element);
        continue;
      }
      const inside = element.querySelectorAll(postSelector);
      if (inside.length > 0) {
        for (const post of inside) found.add(post);
      } else {
        const around = element.closest(postSelector);
        if (around) found.add(around);
      }
    }
    const fresh: Element[] = [];
    for (const post of found) {
      const key = postKey(post) ?? '';
      if (seen.get(post) === key) continue;
      seen.set(post, key);
      fresh.push(post);
    }
    options.onFrame?.();
    if (fresh.length > 0) onPosts(fresh);
  }

  return {
    start() {
      if (running) return;
      running = true;
      observer.observe(root, { childList: true, subtree: true });
      queue.push(root);
      request();
    },
    stop() {
      running = false;
      observer.disconnect();
      queue = [];
    },
    keyOf(post) {
      return seen.get(post) || null;
    },
    rescan() {
      seen = new WeakMap();
      queue.push(root);
      request();
    },
  };
}
