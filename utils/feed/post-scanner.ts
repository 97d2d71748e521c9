/**
 * One MutationObserver for the whole page. Without `interest`, the callback only keeps the mutation records, and
 * the added nodes are looked at and the new posts handed over once per animation frame. With `interest`, the
 * callback looks at the added nodes at once (the same calls a frame would make) and, when they brought something
 * of interest, hands it over then and there (the site's render is done by then: callbacks run after its task);
 * mutations that brought nothing (most of an infinite scroll) get a frame at most every `quietFrameMs`, for the
 * `onFrame` checks (theme, bar, route). A frame callback is a task of its own in the content script's world: one
 * per batch of posts was most of what the plain feed cost above the floor extension, and one per post of interest
 * ~0.2-0.4 ms per 100 posts of the mixed feed (bench:feed).
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
  /** New (or recycled) posts: once per frame, or (with `interest`) from the mutation callback that found them. */
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
  /** With `interest`: mutations that brought nothing of interest get a frame this often at most (ms). */
  quietFrameMs?: number;
}

export interface PostScanner {
  /** Starts observing and scans what is already on the page. */
  start(): void;
  stop(): void;
  /** Forgets which posts were seen and scans the whole root again (after a route change). */
  rescan(): void;
  /**
   * Scans the whole root again for what `interest` now asks for, keeping what was seen: posts already handed
   * over are not again (unless their content changed), posts the old interest passed over are read now.
   */
  rescanInterest(): void;
}

const ELEMENT = 1;
const TEXT = 3;
const QUIET_FRAME_MS = 200;

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
  /** With `interest`: what the callbacks found since the last frame, and whether they saw removals. */
  let pending = emptyFound();
  const frames = createFrames(schedule, flush, options.quietFrameMs ?? QUIET_FRAME_MS);
  const { request } = frames;
  const outside = { target: null as Node | null };
  const findOptions = (interest: ScanInterest | null): FindOptions => ({
    postSelector,
    isOwn,
    interest,
    remembered,
    rememberedAny,
    outside,
  });

  const observer = new MutationObserver((list) => {
    const interest = options.interest?.() ?? null;
    if (!interest) {
      // Kept as delivered: the added nodes are looked at once per frame, not once per callback.
      records.push(list);
      request();
      return;
    }
    const before = pending.found.size + pending.recheck.size;
    findPosts([], [list], findOptions(interest), pending);
    if (pending.found.size + pending.recheck.size > before) frames.runNow();
    else frames.requestQuiet();
  });

  function flush(time?: number) {
    const batches = records;
    const scanRoots = roots;
    const early = pending;
    records = [];
    roots = [];
    pending = emptyFound();
    const interest = options.interest?.() ?? null;
    const { found, recheck, removed } = findPosts(scanRoots, batches, findOptions(interest), emptyFound());
    // Posts the callbacks found: still on the page? (a post gone since is not read).
    for (const post of early.found) if (post.isConnected) found.add(post);
    for (const post of early.recheck) if (post.isConnected) recheck.add(post);
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
      const matches = !interest || stillOfInterest(post, interest);
      take(post, matches || !options.nothing ? read(post) : options.nothing);
    }
    options.onFrame?.(time, removed || early.removed);
    if (fresh.length > 0) onPosts(fresh);
  }

  return {
    start() {
      if (frames.running) return;
      frames.start();
      observer.observe(root, { childList: true, subtree: true });
      roots.push(root);
      request();
    },
    stop() {
      frames.stop();
      observer.disconnect();
      records = [];
      roots = [];
      pending = emptyFound();
    },
    rescan() {
      seen = new WeakMap();
      rememberedAny = false;
      roots.push(root);
      request();
    },
    rescanInterest() {
      if (!frames.running) return;
      roots.push(root);
      request();
    },
  };
}

const stillOfInterest = (post: Element, interest: ScanInterest) =>
  (interest.self !== null && post.matches(interest.self)) || post.querySelector(interest.inside) !== null;

/**
 * Frames asked for at once (`request`), or at most every `quietMs` (`requestQuiet`); `flush` runs in them, or at
 * once (`runNow`).
 */
function createFrames(
  schedule: (callback: (time?: number) => void) => void,
  flush: (time?: number) => void,
  quietMs: number,
) {
  let scheduled = false;
  let running = false;
  let lastFrameAt = Number.NEGATIVE_INFINITY;
  let quietTimer: ReturnType<typeof setTimeout> | undefined;
  const clearQuiet = () => {
    clearTimeout(quietTimer);
    quietTimer = undefined;
  };
  const runNow = (time?: number) => {
    if (!running) return;
    lastFrameAt = performance.now();
    if (quietTimer !== undefined) clearQuiet();
    flush(time);
  };
  const run = (time?: number) => {
    scheduled = false;
    runNow(time);
  };
  const request = () => {
    if (scheduled || !running) return;
    scheduled = true;
    schedule(run);
  };
  return {
    request,
    /** Runs `flush` now, outside a frame (a frame already asked for still comes). */
    runNow,
    /** A frame for the `onFrame` checks, at most every `quietMs` (the last mutation is never left without one). */
    requestQuiet() {
      if (scheduled || quietTimer !== undefined || !running) return;
      const wait = lastFrameAt + quietMs - performance.now();
      if (wait <= 0) request();
      else
        quietTimer = setTimeout(() => {
          quietTimer = undefined;
          request();
        }, wait);
    },
    get running() {
      return running;
    },
    start() {
      running = true;
    },
    stop() {
      running = false;
      clearQuiet();
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
  /**
   * The last mutation target found in no post: an infinite scroll adds to the same list, batch after batch, and
   * a list of posts is not moved into a post, so its `closest` is not asked again.
   */
  outside: { target: Node | null };
}

/**
 * What mutations bring: `found`, posts to read (new ones, or with `interest` ones with a match); with `interest`
 * `recheck`, posts that showed something before and changed (read if they still match, else cleared);
 * `removed`: nodes were removed, or a whole root was scanned.
 */
interface Found {
  found: Set<Element>;
  recheck: Set<Element>;
  removed: boolean;
}

const emptyFound = (): Found => ({ found: new Set(), recheck: new Set(), removed: false });

/** Adds to `into` the posts the mutations of `batches` (and `scanRoots`, scanned whole) bring. */
function findPosts(
  scanRoots: Element[],
  batches: MutationRecord[][],
  { postSelector, isOwn, interest, remembered, rememberedAny, outside }: FindOptions,
  into: Found,
): Found {
  let removed = into.removed || scanRoots.length > 0;
  const wanted = interest ? (interest.self ? `${interest.inside}, ${interest.self}` : interest.inside) : '';
  const { found, recheck } = into;
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
  /**
   * The post the current record's nodes were added in (`undefined`: not looked up yet): one `closest` per record
   * instead of one per added node (an infinite scroll adds its posts to the same list).
   */
  let record: MutationRecord | null = null;
  let recordPost: Element | null | undefined;
  const postAroundRecord = (element: Element) => {
    if (!record) return element.closest(postSelector);
    if (recordPost === undefined) {
      const target = record.target;
      if (target === outside.target) recordPost = null;
      else {
        recordPost = target.nodeType === ELEMENT ? (target as Element).closest(postSelector) : null;
        if (recordPost === null) outside.target = target;
      }
    }
    return recordPost;
  };
  /** With `interest`: the posts of interest in (or around) an added subtree; one query when there are none. */
  const considerWanted = (element: Element) => {
    if (element.querySelector(wanted) === null && !element.matches(wanted)) {
      // Nothing of interest added: only a post that showed something before needs another look (the element
      // itself, put back, or the post it was added in).
      if (!rememberedAny) return;
      if (remembered(element)) recheck.add(element);
      else {
        const post = postAroundRecord(element);
        if (post && remembered(post) && !isOwn(element)) recheck.add(post);
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
      record = batch[r]!;
      recordPost = undefined;
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
  into.removed = removed;
  return into;
}
