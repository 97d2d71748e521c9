/**
 * Mounting the feed UI: each piece (bar, card, chip, dock) in its own open shadow root (`<earshot-card>` →
 * div.es-root), rendered as text only (titles and names are never parsed as HTML), themed to match the site.
 * Events stay inside: a click on a card must not also open the post under it (cards and chips through one
 * delegated listener, see below).
 *
 * The shadow roots are made here rather than by WXT's createShadowRootUi: that helper also carries auto-mounting,
 * anchor lookups and CSS loading the feed does not use (about 2 kB gzip of a script injected into every
 * timeline page) and does a document query each time a card is removed.
 */
import { effect, type Signal, untracked } from '@preact/signals';
import { type ComponentChild, render } from 'preact';
import { TEMPLATE_THEME } from '@/components/feed/dom-view';
import css from '@/components/feed/feed.css?inline';
import type { Placement, Theme } from '@/utils/feed/sites/types';

/** Tag names of our shadow hosts; the post scanner ignores them. */
export const UI_TAGS = ['earshot-bar', 'earshot-card', 'earshot-chip', 'earshot-dock'] as const;
export type UiTag = (typeof UI_TAGS)[number];
const OWN_TAGS = new Set<string>(UI_TAGS.map((tag) => tag.toUpperCase()));
export const isOwnElement = (element: Element) => OWN_TAGS.has(element.tagName);

const ISOLATED_EVENTS = [
  'click',
  'dblclick',
  'auxclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'keydown',
  'keyup',
  'keypress',
];
const stopPropagation = (event: Event) => event.stopPropagation();

/**
 * Cards and chips (one per post that needs one) carry no listener of their own: one capture listener per event
 * type on `window` stops every event aimed at one of them before the page's handlers on the document or the
 * post see it, and hands clicks to the view (`activate`). The capture runs first, so the click is handled
 * here, not by listeners inside the shadow root; its default is prevented (a chip may sit inside the author's
 * link). The bar and the dock (one each, Preact-rendered with their own handlers) stop events at their shadow
 * root.
 */
const delegated = new WeakMap<Element, (target: Element) => void>();
let delegating = false;
function onDelegatedEvent(event: Event) {
  const host = event.target as Element | null;
  const activate = host && delegated.get(host);
  if (!activate) return;
  event.stopPropagation();
  if (event.type !== 'click') return;
  event.preventDefault();
  const target = event.composedPath()[0];
  if (target instanceof Element) activate(target);
}
function delegateEvents() {
  if (delegating) return;
  delegating = true;
  for (const type of ISOLATED_EVENTS) window.addEventListener(type, onDelegatedEvent, true);
}

/** Where a UI goes: next to `anchor`, as `placement` says. */
export interface UiTarget {
  anchor: Element;
  placement: Placement;
}

export interface FeedUi {
  readonly host: HTMLElement;
  readonly connected: boolean;
  remove(): void;
}

const PLACE: Record<Placement, (anchor: Element, host: Element) => void> = {
  first: (anchor, host) => anchor.prepend(host),
  last: (anchor, host) => anchor.append(host),
  before: (anchor, host) => anchor.before(host),
  after: (anchor, host) => anchor.after(host),
};

let sharedSheet: CSSStyleSheet | null | undefined;
/**
 * The UI's styles, parsed once and adopted by every shadow root (a room card per post must not re-parse the
 * stylesheet). Where a content script cannot adopt sheets (Firefox's isolation), each root gets a <style>.
 */
function applyStyles(shadow: ShadowRoot) {
  if (sharedSheet === undefined) {
    try {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(css);
    } catch {
      sharedSheet = null;
    }
  }
  if (sharedSheet) {
    try {
      shadow.adoptedStyleSheets = [sharedSheet];
      return;
    } catch {
      sharedSheet = null;
    }
  }
  const style = document.createElement('style');
  style.textContent = css;
  shadow.prepend(style);
}

/** The UIs each signal removes when it aborts: one abort listener per signal, not one per card. */
const bySignal = new WeakMap<AbortSignal, Set<() => void>>();
function removeOnAbort(signal: AbortSignal, remove: () => void): () => void {
  let removers = bySignal.get(signal);
  if (!removers) {
    const set = new Set<() => void>();
    removers = set;
    bySignal.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const each of [...set]) each();
      },
      { once: true },
    );
  }
  removers.add(remove);
  const own = removers;
  return () => own.delete(remove);
}

/**
 * Test builds: each mount's duration (ms) in the host's `data-mount-ms`, for bench:feed's per-card mount cost. An
 * attribute, not a `performance.measure` (~40 µs each from a content script, which the benchmark then counted).
 */
const MEASURE_MOUNTS = import.meta.env.MODE === 'test';

/**
 * A shadow host `<tag>`, styled, events kept inside, with `fill` drawn into its root while it is still out
 * of the page (one insertion into the page's tree, instead of every element of the view being added to a live
 * document one by one); then placed at `target` and removed with `signal`. `activate` (cards and chips): clicks
 * are delegated to it; without it (the bar, the dock) events are stopped at the UI's shadow root.
 */
function mount(
  tag: UiTag,
  target: UiTarget,
  fill: (shadow: ShadowRoot) => () => void,
  signal: AbortSignal,
  activate?: (target: Element) => void,
  started = MEASURE_MOUNTS ? performance.now() : 0,
): FeedUi | null {
  if (signal.aborted) return null;
  const host = document.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  if (activate) {
    delegateEvents();
    delegated.set(host, activate);
  } else {
    for (const type of ISOLATED_EVENTS) shadow.addEventListener(type, stopPropagation);
  }
  applyStyles(shadow);
  const empty = fill(shadow);
  PLACE[target.placement](target.anchor, host);
  if (MEASURE_MOUNTS) host.setAttribute('data-mount-ms', String(performance.now() - started));
  const remove = () => {
    forget();
    empty();
    host.remove();
  };
  const forget = removeOnAbort(signal, remove);
  return {
    host,
    get connected() {
      return host.isConnected;
    },
    remove,
  };
}

/** Mounts the feed's UIs, themed like the page (`theme`). Each is removed when the `signal` it got aborts. */
export interface FeedUiMounter {
  /**
   * A Preact view (re-rendered by the signals it reads): the bar and the dock, one of each per page. Null when it
   * could not be mounted.
   */
  render(tag: UiTag, target: UiTarget, view: () => ComponentChild, signal: AbortSignal): FeedUi | null;
  /**
   * A view built with DOM calls (a room card, a live chip: one per post that needs it, see
   * components/feed/dom-view.ts), made by `make` as it mounts, its `root` (div.es-root) themed as dom-view's
   * TEMPLATE_THEME. Its `state` is read at once, then again whenever the theme or a signal the views' states read
   * changes, until it is removed: one effect follows them for every view, so every view's `state` must read the
   * same signals (a signal only some views read may not be followed).
   */
  view<S>(
    tag: UiTag,
    target: UiTarget,
    make: () => { root: HTMLElement; update(state: S): void; activate(target: Element): void },
    state: () => S,
    signal: AbortSignal,
  ): FeedUi | null;
}

/** A mounted DOM view, as the shared effect updates it. */
interface LiveView {
  root: HTMLElement;
  theme: string;
  refresh(): void;
}

export function createFeedUiMounter(theme: Signal<Theme>): FeedUiMounter {
  /**
   * The DOM views on the page, updated by one effect (made with the first view): an effect per card (its
   * subscriptions, its first tracked run) was a good part of a card's mount in a content script still cold.
   */
  const views = new Set<LiveView>();
  let following = false;
  const follow = () => {
    following = true;
    effect(() => {
      const next = theme.value;
      for (const shown of views) {
        if (shown.theme !== next) {
          shown.theme = next;
          shown.root.setAttribute('data-theme', next);
        }
        try {
          shown.refresh();
        } catch {
          // A view that fails to update stays as it was; the others still follow.
        }
      }
    });
  };
  return {
    render(tag, target, view, signal) {
      const Root = () => (
        <div class="es-root" data-theme={theme.value}>
          {view()}
        </div>
      );
      return quietly(() =>
        mount(
          tag,
          target,
          (shadow) => {
            render(<Root />, shadow);
            return () => render(null, shadow);
          },
          signal,
        ),
      );
    },
    view(tag, target, make, state, signal) {
      return quietly(() => {
        if (signal.aborted) return null;
        const started = MEASURE_MOUNTS ? performance.now() : 0;
        const view = make();
        return mount(
          tag,
          target,
          (shadow) => {
            const shown: LiveView = {
              root: view.root,
              theme: TEMPLATE_THEME,
              refresh: () => view.update(state()),
            };
            const now = theme.peek();
            if (now !== shown.theme) {
              shown.theme = now;
              view.root.setAttribute('data-theme', now);
            }
            shadow.append(view.root);
            if (following) untracked(shown.refresh); // a view that fails here is not mounted
            views.add(shown);
            if (!following) follow(); // its first run tracks the signals every view's state reads
            return () => views.delete(shown);
          },
          signal,
          view.activate,
          started,
        );
      });
    },
  };
}

/** A UI that fails to mount is left out: nothing is thrown into the page, nothing logged in its console. */
function quietly(mountUi: () => FeedUi | null): FeedUi | null {
  try {
    return mountUi();
  } catch {
    return null;
  }
}
