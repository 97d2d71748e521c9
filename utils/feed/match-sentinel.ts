/**
 * Tells which elements match a selector as the browser renders them, without looking at every mutation: a rule
 * of ours gives the matching elements a 1 ms CSS animation, and its `animationstart` names them. The style engine
 * does the matching (it matches every element anyway), so a page that adds a thousand posts, none of them of
 * interest, runs no script of ours at all; a MutationObserver with a `querySelector` per added subtree was most of
 * what the feed cost per post (bench:feed).
 *
 * What the browser guarantees, and what the scanner builds on:
 * - an element that starts matching (inserted, or its attributes changed, or the selector widened) gets an
 *   animation, hence one event, once the page is next rendered; one that keeps matching gets none again, even
 *   when the selector changes (the animation's name stays), nor when it is moved with its subtree and stays
 *   rendered;
 * - an element that is not rendered (in a `display: none` subtree, a hidden tab page, a background tab) gets its
 *   event when it is rendered: nobody sees it before that.
 *
 * The events are ours: stopped at the window's capture phase, before the page's listeners could see them (but for
 * capture listeners the page put on the window before the feed started, which run first). The rule sets the
 * `animation` of the elements it matches with `!important` (the page's own animation of a link in a post, which
 * the sites here have none of, would be replaced while it matches).
 */

export interface MatchSentinel {
  /**
   * From now on reports the elements that start matching `selector` (null: none), including those on the page
   * now that did not match the selector before.
   */
  watch(selector: string | null): void;
  stop(): void;
}

/** Makes a sentinel that calls `onMatch` with each element that starts matching. */
export type MatchSentinelFactory = (onMatch: (element: Element) => void) => MatchSentinel;

/** One name per content script: another extension's sentinel (or another copy of ours) does not see our events. */
const NAME = `earshot-match-${Math.random().toString(36).slice(2, 10)}`;
const KEYFRAMES = `@keyframes ${NAME}{from{--${NAME}:0}to{--${NAME}:1}}`;
const EVENTS = ['animationstart', 'animationend', 'animationcancel'] as const;

export const createAnimationSentinel: MatchSentinelFactory = (onMatch) => {
  let sheet: DocumentRule | null = null;
  const listener = (event: Event) => {
    if ((event as AnimationEvent).animationName !== NAME) return;
    event.stopImmediatePropagation();
    if (event.type !== 'animationstart') return;
    const target = event.target;
    if (target instanceof Element) onMatch(target);
  };
  const stop = () => {
    if (!sheet) return;
    sheet.remove();
    sheet = null;
    for (const type of EVENTS) window.removeEventListener(type, listener, true);
  };
  return {
    watch(selector) {
      if (selector === null) {
        stop();
        return;
      }
      if (!sheet) {
        for (const type of EVENTS) window.addEventListener(type, listener, true);
        sheet = documentRule();
      }
      // The list as it is, not in an `:is()`: the style engine files each selector under its rightmost part
      // (a tag, an attribute) and tries it only on those elements.
      sheet.set(`${KEYFRAMES}\n${selector}{animation:${NAME} 1ms!important}`);
    },
    stop,
  };
};

interface DocumentRule {
  set(css: string): void;
  remove(): void;
}

/**
 * A stylesheet of ours on the page: adopted (no element in the page's DOM, and a page's CSP does not apply), as
 * Chromium and Firefox ESR both let a content script do for the document; else, where adopting throws or does not
 * take, a <style>.
 */
function documentRule(): DocumentRule {
  try {
    const sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    if (document.adoptedStyleSheets.includes(sheet))
      return {
        set: (css) => sheet.replaceSync(css),
        remove() {
          document.adoptedStyleSheets = document.adoptedStyleSheets.filter((each) => each !== sheet);
        },
      };
  } catch {
    // Below.
  }
  const style = document.createElement('style');
  (document.head ?? document.documentElement).append(style);
  return {
    set(css) {
      style.textContent = css;
      if (!style.isConnected) (document.head ?? document.documentElement).append(style);
    },
    remove: () => style.remove(),
  };
}
