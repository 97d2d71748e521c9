/**
 * Mounting the feed UI: each piece (bar, card, chip, dock) in its own open shadow root (`<earshot-card>` →
 * html > body), rendered as text only (titles and names are never parsed as HTML), themed to match the site.
 * Events stay inside: a click on a card must not also open the post under it.
 *
 * The shadow roots are made here rather than by WXT's createShadowRootUi: that helper also carries auto-mounting,
 * anchor lookups and CSS loading the feed does not use (about 2 kB gzip of a script injected into every
 * timeline page) and does a document query each time a card is removed.
 */
import { effect, type Signal } from '@preact/signals';
import { type ComponentChild, render } from 'preact';
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
function applyStyles(shadow: ShadowRoot, container: HTMLElement) {
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
  container.before(style);
}

/**
 * A shadow host `<tag>`, styled, events kept inside, with `fill` drawn into its container while it is still out
 * of the page (one insertion into the page's tree, instead of every element of the view being added to a live
 * document one by one); then placed at `target` and removed with `signal` (the listener leaves with the UI).
 */
function mount(
  tag: UiTag,
  target: UiTarget,
  fill: (container: HTMLElement) => () => void,
  signal: AbortSignal,
): FeedUi | null {
  if (signal.aborted) return null;
  const host = document.createElement(tag);
  const shadow = host.attachShadow({ mode: 'open' });
  const html = document.createElement('html');
  const container = document.createElement('body');
  html.append(document.createElement('head'), container);
  shadow.append(html);
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, stopPropagation);
  applyStyles(shadow, container);
  const empty = fill(container);
  PLACE[target.placement](target.anchor, host);
  const remove = () => {
    signal.removeEventListener('abort', remove);
    empty();
    host.remove();
  };
  signal.addEventListener('abort', remove);
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
   * components/feed/dom-view.ts); `state` is read in an effect, so the view follows the signals it reads (the
   * room's news, the session, the theme) until it is removed.
   */
  view<S>(
    tag: UiTag,
    target: UiTarget,
    view: { node: HTMLElement; update(state: S): void },
    state: () => S,
    signal: AbortSignal,
  ): FeedUi | null;
}

export function createFeedUiMounter(theme: Signal<Theme>): FeedUiMounter {
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
          (container) => {
            render(<Root />, container);
            return () => render(null, container);
          },
          signal,
        ),
      );
    },
    view(tag, target, view, state, signal) {
      return quietly(() =>
        mount(
          tag,
          target,
          (container) => {
            const root = document.createElement('div');
            root.className = 'es-root';
            root.append(view.node);
            container.append(root);
            return effect(() => {
              root.setAttribute('data-theme', theme.value);
              view.update(state());
            });
          },
          signal,
        ),
      );
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
