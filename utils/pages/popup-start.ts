/**
 * What the popup shows at once when it opens, read straight from extension storage before the first render
 * (two storage reads, no message to the background, no request to the server): which server was chosen, the
 * session, the reminders, and the background's snapshot of the last account and directory. The popup then asks
 * the background as usual and replaces all of it (stale-while-revalidate).
 */
import { browser } from 'wxt/browser';
import { DEFAULT_SERVICE_URL } from '@/utils/protocol/default-service-url';
import { type ServerSetting, sameServer } from '@/utils/protocol/server-address';
import type { SessionState } from '@/utils/protocol/session-state';
import type { ViewSnapshot } from '@/utils/protocol/view-snapshot';

export interface PopupStart {
  server: ServerSetting;
  session: SessionState | null;
  reminders: string[];
  /** The last account and directory, when they are of the server in use. */
  snapshot: ViewSnapshot | null;
}

/** Storage keys (WXT items `local:serviceUrl`, `local:viewSnapshot`, `local:reminders`, `session:sessionState`). */
const LOCAL_KEYS = ['serviceUrl', 'viewSnapshot', 'reminders'];

export async function readPopupStart(): Promise<PopupStart> {
  const [local, session] = await Promise.all([
    browser.storage.local.get(LOCAL_KEYS).catch(() => ({}) as Record<string, unknown>),
    // storage.session: Chrome, Firefox 115+. An older browser just starts without it.
    (browser.storage.session?.get('sessionState') ?? Promise.resolve({})).catch(
      () => ({}) as Record<string, unknown>,
    ),
  ]);
  const chosen = typeof local.serviceUrl === 'string' && local.serviceUrl ? local.serviceUrl : null;
  const serviceUrl = chosen ?? DEFAULT_SERVICE_URL;
  const snapshot = (local.viewSnapshot ?? null) as ViewSnapshot | null;
  return {
    server: { serviceUrl, chosen: chosen !== null, defaultUrl: DEFAULT_SERVICE_URL },
    session: ((session as Record<string, unknown>).sessionState ?? null) as SessionState | null,
    reminders: Object.keys((local.reminders ?? {}) as Record<string, string>),
    snapshot: snapshot && sameServer(snapshot.serviceUrl, serviceUrl) ? snapshot : null,
  };
}
