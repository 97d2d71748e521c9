/**
 * The match sentinel's contract (utils/feed/match-sentinel.ts) for happy-dom, which renders nothing and so runs no
 * CSS animation: elements that match the selector are reported when they are inserted, and when `watch` gets a
 * selector, those on the page that match it and did not match the one before; each a microtask later, as the
 * browser reports them after its next render. The browser's own sentinel runs in the e2e tests.
 */
import type { MatchSentinelFactory } from '@/utils/feed/match-sentinel';

export const mutationSentinel: MatchSentinelFactory = (onMatch) => {
  let selector: string | null = null;
  const report = (root: Element, skip: (element: Element) => boolean) => {
    if (!selector) return;
    const hits = [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
    for (const element of hits) if (!skip(element)) onMatch(element);
  };
  const observer = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof Element) report(node, () => false);
  });
  return {
    watch(next) {
      const before = selector;
      selector = next;
      if (!next) {
        observer.disconnect();
        return;
      }
      observer.observe(document.body, { childList: true, subtree: true });
      // Those that matched the selector before keep their animation: no new report.
      const skip = before ? (element: Element) => element.matches(before) : () => false;
      queueMicrotask(() => report(document.body, skip));
    },
    stop() {
      selector = null;
      observer.disconnect();
    },
  };
};
