/**
 * Mounting the feed UI: each piece (bar, card, chip, dock) in its own shadow root made by WXT's
 * createShadowRootUi, rendered by Preact as text only (titles and names are never parsed as HTML), themed to
 * match the site. Events stay inside: a click on a card must not also open the post under it.
 */
import { effect, type Signal } from '@preact/signals';
import { type ComponentChild, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
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

/** A WXT shadow-root UI placed relative to `target.anchor`, styled, events kept inside; not mounted yet. */
async function createUi(
  ctx: ContentScriptContext,
  tag: UiTag,
  target: UiTarget,
  onRemove: () => void,
): Promise<ShadowRootContentScriptUi<void>> {
  const ui: ShadowRootContentScriptUi<void> = await createShadowRootUi(ctx, {
    name: tag,
    position: 'inline',
    anchor: target.anchor,
    append: (anchor, host) => PLACE[target.placement](anchor, host),
    isolateEvents: ISOLATED_EVENTS,
    // The `:host { all: initial }` reset is in feed.css, parsed once for every root, not once per card.
    inheritStyles: true,
    onMount: () => undefined,
    onRemove,
  });
  applyStyles(ui.shadow, ui.uiContainer);
  return ui;
}

/** Where a UI goes: next to `anchor`, as `placement` says. */
export interface UiTarget {
  anchor: Element;
  placement: Placement;
}

/**
 * Mounts the feed's UIs in shadow roots, themed like the page (`theme`). Each UI is removed when the `signal`
 * it was mounted with aborts (and, by WXT, when the content script is invalidated).
 */
export interface FeedUiMounter {
  /** A Preact view (re-rendered by the signals it reads): the bar and the dock, one of each per page. */
  render(tag: UiTag, target: UiTarget, view: () => ComponentChild, signal: AbortSignal): Promise<FeedUi>;
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
  ): Promise<FeedUi>;
}

export function createFeedUiMounter(ctx: ContentScriptContext, theme: Signal<Theme>): FeedUiMounter {
  return {
    async render(tag, target, view, signal) {
      const Root = () => (
        <div class="es-root" data-theme={theme.value}>
          {view()}
        </div>
      );
      let container: HTMLElement | undefined;
      const ui = await createUi(ctx, tag, target, () => {
        if (container) render(null, container);
      });
      container = ui.uiContainer;
      // Styled and rendered while the shadow host is still out of the page: one insertion into the page's tree
      // afterwards, instead of every element of the view being added to a live document one by one.
      render(<Root />, container);
      ui.mount();
      return feedUi(ui, signal);
    },
    async view(tag, target, view, state, signal) {
      let dispose: (() => void) | undefined;
      const ui = await createUi(ctx, tag, target, () => dispose?.());
      const root = document.createElement('div');
      root.className = 'es-root';
      root.append(view.node);
      dispose = effect(() => {
        root.setAttribute('data-theme', theme.value);
        view.update(state());
      });
      ui.uiContainer.append(root);
      ui.mount();
      return feedUi(ui, signal);
    },
  };
}

/** The mounted UI, removed when `signal` aborts (the listener leaves with the UI). */
function feedUi(ui: ShadowRootContentScriptUi<void>, signal: AbortSignal): FeedUi {
  const remove = () => {
    signal.removeEventListener('abort', remove);
    ui.remove();
  };
  if (signal.aborted) remove();
  else signal.addEventListener('abort', remove);
  return {
    host: ui.shadowHost,
    get connected() {
      return ui.shadowHost.isConnected;
    },
    remove,
  };
}
