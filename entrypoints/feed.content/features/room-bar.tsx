/**
 * The room bar above the timeline, on the routes that have one: the directory's live rooms, one click to
 * listen, and "Start a room". Put back when the site re-renders the timeline or changes route.
 */
import { RoomBar } from '@/components/feed/RoomBar';
import type { FeedContext } from '../feed-context';
import { currentRoomId, joinRoom, withOwnCount } from '../session';
import type { FeedUi } from '../shadow-ui';

export function showRoomBar(context: FeedContext, signal: AbortSignal): void {
  const { adapter, site, state, page, ui, ask } = context;
  const join = joinRoom.bind(null, context);
  // Content scripts cannot open the popup: the background does (the toolbar popup or a small window).
  const startRoom = () => {
    ask('popup:start-room').catch(() => undefined);
  };
  const view = () => {
    const session = state.session.value;
    const current = currentRoomId(session);
    return (
      <RoomBar
        rooms={state.directory.value.live.map((room) => withOwnCount(session, room))}
        currentRoomId={current}
        onJoin={join}
        onStart={current === null ? startRoom : undefined}
      />
    );
  };

  let bar: FeedUi | null = null;
  let barAnchor: Element | null = null;
  let routeChanged = true;
  // A site may hide the bar's place without changing the route or the page's children (Bluesky's feed tabs
  // hide the unselected feed pages with a class): a class or style change on the place's ancestors asks again.
  const hidden = new MutationObserver(() => {
    routeChanged = true;
    requestAnimationFrame(sync);
  });
  signal.addEventListener('abort', () => hidden.disconnect(), { once: true });
  const watchAncestors = (anchor: Element) => {
    hidden.disconnect();
    for (let node = anchor.parentElement; node && node !== document.body; node = node.parentElement) {
      hidden.observe(node, { attributes: true, attributeFilter: ['class', 'style', 'hidden'] });
    }
  };
  function sync() {
    if (signal.aborted || (bar?.connected && !routeChanged)) return;
    routeChanged = false;
    const target = adapter.barAllowed(site.path(location)) ? adapter.barAnchor(document) : null;
    if (bar && (!target || target.anchor !== barAnchor || !bar.connected)) {
      bar.remove();
      bar = null;
    }
    if (!target || bar) return;
    barAnchor = target.anchor;
    bar = ui.render('earshot-bar', target, view, signal);
    watchAncestors(target.anchor);
  }
  page.onFrame(sync, signal);
  page.onRoute(() => {
    routeChanged = true;
    sync();
  }, signal);
  sync();
}
