/**
 * Mounting the feed UI: each piece (bar, card, chip, dock) in its own shadow root made by WXT's
 * createShadowRootUi, rendered by Preact as text only (titles and names are never parsed as HTML), themed to
 * match the site. Events stay inside: a click on a card must not also open the post under it.
 */
import type { Signal } from '@preact/signals';
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

function place(anchor: Element, host: Element, placement: Placement) {
  switch (placement) {
    case 'first':
      anchor.prepend(host);
      break;
    case 'last':
      anchor.append(host);
      break;
    case 'before':
      anchor.before(host);
      break;
    case 'after':
      anchor.after(host);
      break;
  }
}

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

/** Mounts `view` (re-rendered by signals it reads) in a new shadow root placed relative to `anchor`. */
export async function mountFeedUi(
  ctx: ContentScriptContext,
  tag: UiTag,
  target: { anchor: Element; placement: Placement },
  theme: Signal<Theme>,
  view: () => ComponentChild,
): Promise<FeedUi> {
  const Root = () => (
    <div class="es-root" data-theme={theme.value}>
      {view()}
    </div>
  );
  const ui: ShadowRootContentScriptUi<HTMLElement> = await createShadowRootUi(ctx, {
    name: tag,
    position: 'inline',
    anchor: target.anchor,
    append: (anchor, host) => place(anchor, host, target.placement),
    isolateEvents: ISOLATED_EVENTS,
    // The `:host { all: initial }` reset is in feed.css, parsed once for every root, not once per card.
    inheritStyles: true,
    onMount: (container) => container,
    onRemove(container) {
      if (container) render(null, container);
    },
  });
  // Styled and rendered while the shadow host is still out of the page: one insertion into the page's tree
  // afterwards, instead of every element of the view being added to a live document one by one.
  applyStyles(ui.shadow, ui.uiContainer);
  render(<Root />, ui.uiContainer);
  ui.mount();
  return {
    host: ui.shadowHost,
    get connected() {
      return ui.shadowHost.isConnected;
    },
    remove: () => ui.remove(),
  };
}
