/**
 * One MutationObserver for the whole page. Its callback only keeps the mutation records; the work happens once
 * per animation frame, on the added nodes only, and the frame's new posts are handed over in one call.
 *
 * Every node a content script touches costs it (the node needs a wrapper in the script's isolated world), so
 * the scanner touches as little as it can. While the feed knows what makes a post worth reading (`interest`:
 * a selector for room links and live hosts' author links), an added subtree costs one `matches` and one
 * `querySelector` that finds nothing, and its posts are never read nor marked; only the posts with a match are
 * read, once (marked with their key in a WeakMap, nothing written into the page). Without `interest`, every new
 * post is read once. A post element the site recycles for another post (its key changed) counts as new again.
 * Nothing here reads layout: only selector matching and attributes.
 */

/** What makes a post worth reading: `self` is matched against a post element, `inside` against its descendants. */
export interface ScanInterest {
  inside: string;
  self: string | null;
}

export interface PostScannerOptions<T extends { key: string }> {
  /** Where posts appear (usually `document.body`). */
  root: Element;
  postSelector: string;
  /** Reads what the feed needs from a post, including the key that changes when the element is recycled. */
  read(post: Element): T;
  /**
   * What a post with nothing of interest shows (the same object each time; `read` may return it too): such a post
   * is marked as seen but not handed over, unless it showed something else before (a recycled element to clear).
   * With `interest`, a post that showed something and no longer matches gets it without being read.
   */
  nothing?: T;
  /** True for elements this extension inserted (skipped). */
  isOwn(element: Element): boolean;
  /** New (or recycled) posts, once per frame. */
  onPosts(posts: Array<{ post: Element; info: T }>): void;
  /**
   * What makes a post worth reading, when known (null: every post is). Asked once per frame; posts scanned
   * before it changed are not scanned again.
   */
  interest?(): ScanInterest | null;
  /**
   * Runs on every frame that had mutations, before `onPosts`, with the frame's time when known and whether the
   * frame removed nodes (or scanned the whole root): a frame that only added nodes cannot have taken anything away.
   */
  onFrame?(time: number | undefined, removed: boolean): void;
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
  /** Whether any post was handed over with something to show (until then no added node needs a `closest`). */
  let rememberedAny = false;
  const remembered = (post: Element) => {
    const key = seen.get(post);
    return key !== undefined && key !== options.nothing?.key;
  };
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
    const interest = options.interest?.() ?? null;
    const { found, recheck, removed } = findPosts(scanRoots, batches, {
      postSelector,
      isOwn,
      interest,
      remembered,
      rememberedAny,
    });
    const fresh: Array<{ post: Element; info: T }> = [];
    const take = (post: Element, info: T) => {
      const before = seen.get(post);
      if (before === info.key) return;
      seen.set(post, info.key);
      if (info === options.nothing && before === undefined) return;
      if (info !== options.nothing) rememberedAny = true;
      fresh.push({ post, info });
    };
    for (const post of found) take(post, read(post));
    for (const post of recheck) {
      if (found.has(post)) continue;
      const matches =
        (interest!.self !== null && post.matches(interest!.self)) ||
        post.querySelector(interest!.inside) !== null;
      take(post, matches || !options.nothing ? read(post) : options.nothing);
    }
    options.onFrame?.(time, removed);
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
      rememberedAny = false;
      roots.push(root);
      request();
    },
  };
}

/** What `findPosts` needs to know of the scanner. */
interface FindOptions {
  postSelector: string;
  isOwn(element: Element): boolean;
  interest: ScanInterest | null;
  /** Whether `post` was handed over with something to show. */
  remembered(post: Element): boolean;
  /** Whether any post was (until then no added node needs a `closest`). */
  rememberedAny: boolean;
}

/**
 * The posts a frame's mutations (and `scanRoots`, scanned whole) bring: `found`, to read (new ones, or with
 * `interest` ones with a match), and with `interest` `recheck`, posts that showed something before and changed
 * (read if they still match, else cleared). `removed`: the frame removed nodes, or scanned a whole root.
 */
function findPosts(
  scanRoots: Element[],
  batches: MutationRecord[][],
  { postSelector, isOwn, interest, remembered, rememberedAny }: FindOptions,
): { found: Set<Element>; recheck: Set<Element>; removed: boolean } {
  let removed = scanRoots.length > 0;
  const wanted = interest ? (interest.self ? `${interest.inside}, ${interest.self}` : interest.inside) : '';
  /** Posts to read: new ones, or (with `interest`) ones with a match. */
  const found = new Set<Element>();
  /** With `interest`: posts that showed something before and changed; read if they still match, else cleared. */
  const recheck = new Set<Element>();
  /** Something changed inside a post: it may have been recycled, or have got a room link. */
  const around = (element: Element) => {
    const post = element.closest(postSelector);
    if (!post) return;
    if (!interest) found.add(post);
    else if (remembered(post)) recheck.add(post);
    else if (post.querySelector(wanted) || post.matches(wanted)) found.add(post);
  };
  const consider = (element: Element) => {
    // A post itself is what most added nodes are: matched first.
    if (element.matches(postSelector)) {
      if (element.isConnected) found.add(element);
      return;
    }
    if (isOwn(element) || !element.isConnected) return;
    const inside = element.querySelectorAll(postSelector);
    if (inside.length > 0) for (let i = 0; i < inside.length; i++) found.add(inside[i]!);
    else around(element); // something changed inside a post: maybe it was recycled
  };
  /** With `interest`: the posts of interest in (or around) an added subtree; one query when there are none. */
  const considerWanted = (element: Element) => {
    if (element.querySelector(wanted) === null && !element.matches(wanted)) {
      // Nothing of interest added: only a post that showed something before needs another look.
      if (rememberedAny && !isOwn(element)) {
        const post = element.closest(postSelector);
        if (post && remembered(post)) recheck.add(post);
      }
      return;
    }
    if (isOwn(element) || !element.isConnected) return;
    const post = element.closest(postSelector);
    if (post) {
      found.add(post);
      return;
    }
    const hits = element.querySelectorAll(wanted);
    for (let i = 0; i < hits.length; i++) {
      const inPost = hits[i]!.closest(postSelector);
      if (inPost) found.add(inPost);
    }
  };
  const visit = interest ? considerWanted : consider;
  for (const element of scanRoots) visit(element);
  // Indexed loops: each node handed to this (isolated) world costs, and an iterator per NodeList costs more.
  for (let b = 0; b < batches.length; b++) {
    const batch = batches[b]!;
    for (let r = 0; r < batch.length; r++) {
      const record = batch[r]!;
      if (!removed && record.removedNodes.length > 0) removed = true;
      const added = record.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const node = added[i]!;
        const type = node.nodeType;
        if (type === ELEMENT) visit(node as Element);
        // Text replaced inside a recycled post: the post around it.
        else if (type === TEXT && node.parentElement?.isConnected) around(node.parentElement);
      }
    }
  }
  return { found, recheck, removed };
}
