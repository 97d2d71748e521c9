/**
 * Finds the page's new (or recycled) posts and hands them over with what they show. Every node a content script
 * touches costs it (the node needs a wrapper in the script's isolated world), and so does every callback: the
 * scanner runs as little of our script as it can per post of an infinite scroll (bench:feed).
 *
 * While the feed knows what makes a post worth reading (`interest`: a selector for room links and live hosts'
 * author links), the browser's style engine finds those (utils/feed/match-sentinel.ts): a post of no interest
 * costs no script at all. A post of interest is read once it is rendered, and from then on watched by a
 * MutationObserver of its own: a change inside it (the site recycled the element for another post, or took its
 * content away and gave it back) reads it again. The page's one MutationObserver then only asks for a frame at
 * most every `quietFrameMs`, for the `onFrame` checks (theme, bar, route, UIs to put back), and is disconnected
 * until that frame: the frame comes after whatever else changes meanwhile.
 *
 * Without `interest` (a site with more live hosts than a selector should hold, or an incomplete list), every post
 * is read: the page's MutationObserver keeps its records, and the added nodes are looked at once per animation
 * frame. A post element the site recycles for another post (its key changed) counts as new again. Posts are
 * marked with their key in a WeakMap, nothing written into the page. Nothing here reads layout: only selector
 * matching and attributes.
 */
import { createAnimationSentinel, type MatchSentinelFactory } from './match-sentinel';

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
  /** New (or recycled) posts: once per frame, or (with `interest`) as soon as they are rendered or change. */
  onPosts(posts: Array<{ post: Element; info: T }>): void;
  /**
   * What makes a post worth reading, when known (null: every post is). Asked when the scanner starts and on each
   * `rescanInterest()`.
   */
  interest?(): ScanInterest | null;
  /**
   * Runs before each `onPosts`, and on a frame after mutations, with the frame's time when known and whether
   * nodes may have been removed (UIs to put back; false when only posts were added or found).
   */
  onFrame?(time: number | undefined, removed: boolean): void;
  /** Defers the frame's work; `requestAnimationFrame` by default. */
  schedule?(callback: (time?: number) => void): void;
  /** With `interest`: the page's mutations get a frame this often at most (ms). */
  quietFrameMs?: number;
  /** How the elements `interest` selects are found as they come (CSS animation events by default). */
  sentinel?: MatchSentinelFactory;
}

export interface PostScanner {
  /** Starts observing and scans what is already on the page. */
  start(): void;
  stop(): void;
  /**
   * Asks `interest` again and scans for what it now asks for, keeping what was seen: posts already handed over
   * are not again (unless their content changed), posts the old interest passed over are read now.
   */
  rescanInterest(): void;
}

const ELEMENT = 1;
const TEXT = 3;
const QUIET_FRAME_MS = 200;
const WATCH_POST: MutationObserverInit = { childList: true, subtree: true };

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: one closure over the scanner's state; its parts are the observers' callbacks and flush.
export function createPostScanner<T extends { key: string }>(options: PostScannerOptions<T>): PostScanner {
  const { root, postSelector, read, isOwn, onPosts } = options;
  const schedule = options.schedule ?? ((callback) => requestAnimationFrame(callback));
  let seen = new WeakMap<Element, string>();
  const remembered = (post: Element) => {
    const key = seen.get(post);
    return key !== undefined && key !== options.nothing?.key;
  };
  let interest: ScanInterest | null = null;
  /** Without `interest`: the mutations since the last frame, and roots to scan whole. */
  let records: MutationRecord[][] = [];
  let roots: Element[] = [];
  /** With `interest`: posts with a match, and posts that showed something and changed, since the last flush. */
  let found = new Set<Element>();
  let recheck = new Set<Element>();
  /** With `interest`: whether nodes may have been removed since the last frame (the records are not looked at). */
  let removedSince = false;
  const frames = createFrames(schedule, (time) => flush(time, true), options.quietFrameMs ?? QUIET_FRAME_MS);

  const observer = new MutationObserver((list) => {
    if (interest) {
      // Nothing to look at in the records: the sentinel and the posts' own observers tell what matters. Until
      // the quiet frame, which comes after them, further mutations need no callback: the observer rests.
      removedSince = true;
      rest();
      frames.requestQuiet();
      return;
    }
    records.push(list);
    frames.request();
  });
  let observing = false;
  const observe = () => {
    if (observing) return;
    observing = true;
    observer.observe(root, { childList: true, subtree: true });
  };
  const rest = () => {
    observing = false;
    observer.disconnect();
  };
  /** One flush for what the sentinel and the posts' observers report in one go (a microtask later). */
  let flushQueued = false;
  const flushSoon = () => {
    if (flushQueued) return;
    flushQueued = true;
    queueMicrotask(() => {
      flushQueued = false;
      if (frames.running) flush(undefined, false);
    });
  };
  const sentinel = (options.sentinel ?? createAnimationSentinel)((element) => {
    const post = element.closest(postSelector);
    if (!post || !interest) return;
    found.add(post);
    flushSoon();
  });
  /** The posts handed over with something to show: a change inside them may have taken it away. */
  const changes = new MutationObserver((list) => {
    if (!interest) return; // the page's observer sees everything then
    for (let r = 0; r < list.length; r++) {
      const record = list[r]!;
      if (onlyOwnNodes(record, isOwn)) continue;
      const target = record.target;
      const element = target.nodeType === ELEMENT ? (target as Element) : target.parentElement;
      const post = element?.closest(postSelector);
      if (post && remembered(post)) recheck.add(post);
    }
    if (recheck.size > 0) flushSoon();
  });

  /**
   * Hands over what was found: in a frame (`frame`), or as soon as the sentinel or a post's observer reported
   * something. Only a frame tells that nodes may have been removed anywhere (the UIs of every decorated post are
   * then checked): the sentinel's reports are of added content, and a changed post says it for itself.
   */
  function flush(time: number | undefined, frame: boolean) {
    const batches = records;
    const scanRoots = roots;
    const matched = found;
    const changed = recheck;
    let removed = (frame && removedSince) || changed.size > 0;
    records = [];
    roots = [];
    found = new Set();
    recheck = new Set();
    if (frame) {
      removedSince = false;
      observe();
    }
    const fresh: Array<{ post: Element; info: T }> = [];
    const take = (post: Element, info: T) => {
      const before = seen.get(post);
      if (before === info.key) return;
      seen.set(post, info.key);
      if (info === options.nothing && before === undefined) return;
      if (info !== options.nothing) changes.observe(post, WATCH_POST);
      fresh.push({ post, info });
    };
    if (scanRoots.length > 0 || batches.length > 0) {
      const scanned = findPosts(scanRoots, batches, postSelector, isOwn);
      removed ||= scanned.removed;
      for (const post of scanned.found) take(post, read(post));
    }
    for (const post of matched) if (post.isConnected) take(post, read(post));
    for (const post of changed) {
      if (matched.has(post) || !post.isConnected) continue;
      const matches = !interest || stillOfInterest(post, interest);
      take(post, matches || !options.nothing ? read(post) : options.nothing);
    }
    options.onFrame?.(time, removed);
    if (fresh.length > 0) onPosts(fresh);
  }

  const watchInterest = () => {
    const was = interest;
    interest = options.interest?.() ?? null;
    sentinel.watch(interest ? selectorOf(interest) : null);
    if (interest) {
      // The sentinel reports what the new selector matches and the old one did not.
      records = [];
      roots = [];
    } else {
      observe(); // every mutation counts again
      if (was) roots.push(root); // back to reading every post: what is on the page first
    }
  };

  return {
    start() {
      if (frames.running) return;
      frames.start();
      observe();
      watchInterest();
      if (!interest) roots.push(root);
      frames.request();
    },
    stop() {
      frames.stop();
      rest();
      changes.disconnect();
      sentinel.stop();
      interest = null;
      seen = new WeakMap();
      records = [];
      roots = [];
      found = new Set();
      recheck = new Set();
    },
    rescanInterest() {
      if (!frames.running) return;
      watchInterest();
      frames.request();
    },
  };
}

const selectorOf = (interest: ScanInterest) =>
  interest.self ? `${interest.inside}, ${interest.self}` : interest.inside;

/** Whether a record only added or removed our own UIs (a card mounted in a post, or taken out). */
function onlyOwnNodes(record: MutationRecord, isOwn: (element: Element) => boolean) {
  if (record.type !== 'childList') return false;
  const own = (nodes: NodeList) => {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (node.nodeType !== ELEMENT || !isOwn(node as Element)) return false;
    }
    return true;
  };
  return own(record.addedNodes) && own(record.removedNodes);
}

const stillOfInterest = (post: Element, interest: ScanInterest) =>
  (interest.self !== null && post.matches(interest.self)) || post.querySelector(interest.inside) !== null;

/** Frames asked for at once (`request`), or at most every `quietMs` (`requestQuiet`); `flush` runs in them. */
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
  const run = (time?: number) => {
    scheduled = false;
    if (!running) return;
    lastFrameAt = performance.now();
    if (quietTimer !== undefined) clearQuiet();
    flush(time);
  };
  const request = () => {
    if (scheduled || !running) return;
    scheduled = true;
    schedule(run);
  };
  return {
    request,
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

/**
 * The posts the mutations of `batches` (and `scanRoots`, scanned whole) bring, every one of them (the scanner
 * without `interest`), and whether nodes were removed (or a whole root was scanned).
 */
function findPosts(
  scanRoots: Element[],
  batches: MutationRecord[][],
  postSelector: string,
  isOwn: (element: Element) => boolean,
): { found: Set<Element>; removed: boolean } {
  let removed = scanRoots.length > 0;
  const found = new Set<Element>();
  /** Something changed inside a post: it may have been recycled, or have got a room link. */
  const around = (element: Element) => {
    const post = element.closest(postSelector);
    if (post) found.add(post);
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
  for (const element of scanRoots) consider(element);
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
        if (type === ELEMENT) consider(node as Element);
        // Text replaced inside a recycled post: the post around it.
        else if (type === TEXT && node.parentElement?.isConnected) around(node.parentElement);
      }
    }
  }
  return { found, removed };
}
