/**
 * One MutationObserver for the whole page. Its callback only keeps the mutation records; the work happens once
 * per animation frame: find the posts among (or around) the added nodes only, read each new post once (the
 * adapter's one-query read) and hand the frame's new posts over in one call. Posts are marked in a WeakMap
 * (nothing is written into the page); a post element the site recycles for another post (its key changed)
 * counts as new again. Nothing here reads layout: only selector matching and attributes.
 */

export interface PostScannerOptions<T extends { key: string }> {
  /** Where posts appear (usually `document.body`). */
  root: Element;
  postSelector: string;
  /** Reads what the feed needs from a post, including the key that changes when the element is recycled. */
  read(post: Element): T;
  /** True for elements this extension inserted (skipped). */
  isOwn(element: Element): boolean;
  /** New (or recycled) posts, once per frame. */
  onPosts(posts: Array<{ post: Element; info: T }>): void;
  /** Runs on every frame that had mutations, before `onPosts`, with the frame's time when known. */
  onFrame?(time?: number): void;
  /** Defers the frame's work; `requestAnimationFrame` by default. */
  schedule?(callback: (time?: number) => void): void;
}

export interface PostScanner {
  /** Starts observing and scans what is already on the page. */
  start(): void;
  stop(): void;
  /** Forgets which posts were seen and scans the whole root again (after a route change). */
  rescan(): void;
}

const ELEMENT = 1;
const TEXT = 3;

export function createPostScanner<T extends { key: string }>(options: PostScannerOptions<T>): PostScanner {
  const { root, postSelector, read, isOwn, onPosts } = options;
  const schedule = options.schedule ?? ((callback) => requestAnimationFrame(callback));
  let seen = new WeakMap<Element, string>();
  let records: MutationRecord[][] = [];
  let roots: Element[] = [];
  let scheduled = false;
  let running = false;

  const request = () => {
    if (scheduled || !running) return;
    scheduled = true;
    schedule(flush);
  };

  // Kept as delivered: the added nodes are looked at once per frame, not once per callback.
  const observer = new MutationObserver((list) => {
    records.push(list);
    request();
  });

  function flush(time?: number) {
    scheduled = false;
    if (!running) return;
    const batches = records;
    const scanRoots = roots;
    records = [];
    roots = [];
    const found = new Set<Element>();
    const around = (element: Element) => {
      const post = element.closest(postSelector);
      if (post) found.add(post);
    };
    const consider = (element: Element) => {
      if (isOwn(element) || !element.isConnected) return;
      if (element.matches(postSelector)) {
        found.add(element);
        return;
      }
      const inside = element.querySelectorAll(postSelector);
      if (inside.length > 0) for (const post of inside) found.add(post);
      else around(element); // something changed inside a post: maybe it was recycled
    };
    for (const element of scanRoots) consider(element);
    for (const batch of batches) {
      for (const record of batch) {
        for (const node of record.addedNodes) {
          if (node.nodeType === ELEMENT) consider(node as Element);
          // Text replaced inside a recycled post: the post around it.
          else if (node.nodeType === TEXT && node.parentElement?.isConnected) around(node.parentElement);
        }
      }
    }
    const fresh: Array<{ post: Element; info: T }> = [];
    for (const post of found) {
      const info = read(post);
      if (seen.get(post) === info.key) continue;
      seen.set(post, info.key);
      fresh.push({ post, info });
    }
    options.onFrame?.(time);
    if (fresh.length > 0) onPosts(fresh);
  }

  return {
    start() {
      if (running) return;
      running = true;
      observer.observe(root, { childList: true, subtree: true });
      roots.push(root);
      request();
    },
    stop() {
      running = false;
      observer.disconnect();
      records = [];
      roots = [];
    },
    rescan() {
      seen = new WeakMap();
      roots.push(root);
      request();
    },
  };
}
