/**
 * Light or dark, following the page. The theme lives in a few attributes of <html> and <body>: they are looked
 * at twice a second at most, on frames with mutations (a check skipped now runs a little later), and the theme
 * is read again only when they changed.
 */
import { throttled } from '@/utils/feed/abortable';
import type { FeedContext } from '../feed-context';

const CHECK_MS = 500;

export function followTheme({ adapter, state, page }: FeedContext, signal: AbortSignal): void {
  let signature = '';
  const check = throttled(
    CHECK_MS,
    () => {
      const html = document.documentElement;
      const body = document.body;
      const now = `${html.className}|${html.getAttribute('data-color-scheme')}|${body.className}|${body.getAttribute('style')}`;
      if (now !== signature) {
        signature = now;
        state.theme.value = adapter.theme(document);
      }
    },
    signal,
  );
  page.onFrame((time) => check(time), signal);
}
