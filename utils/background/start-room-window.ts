/**
 * The feed's "Start a room": content scripts cannot open the popup. The toolbar popup itself where the browser
 * allows it (`action.openPopup`, Chrome 127+, needs a focused window), otherwise the popup page in a small
 * window (focused again if it is still open).
 */
import { browser } from 'wxt/browser';

/** Chrome's own namespace, as before the polyfill: `action.openPopup` is used as the browser ships it. */
declare const chrome: typeof browser;

/** The popup opened at its Start-a-room form (see entrypoints/popup). */
const START_ROOM_PAGE = 'popup.html#start';
let startRoomWindowId: number | undefined;

export async function openStartRoom(): Promise<'popup' | 'window'> {
  if (await openToolbarPopup()) return 'popup';
  if (startRoomWindowId !== undefined) {
    // Still open from an earlier click: bring it forward rather than open another.
    const focused = await browser.windows.update(startRoomWindowId, { focused: true }).catch(() => null);
    if (focused) return 'window';
  }
  const window = await browser.windows.create({
    url: browser.runtime.getURL(`/${START_ROOM_PAGE}`),
    type: 'popup',
    width: 380,
    height: 600,
  });
  startRoomWindowId = window?.id;
  return 'window';
}

/** Opens the toolbar popup at the start form; false where the browser does not let an extension do it. */
async function openToolbarPopup(): Promise<boolean> {
  const action = import.meta.env.FIREFOX
    ? (chrome as unknown as { browserAction?: typeof chrome.action }).browserAction
    : chrome.action;
  if (typeof action?.openPopup !== 'function') return false;
  try {
    await action.setPopup({ popup: START_ROOM_PAGE });
    await action.openPopup();
    return true;
  } catch {
    return false; // No focused browser window, or the browser does not let an extension open its popup.
  } finally {
    await action.setPopup({ popup: 'popup.html' }).catch(() => undefined);
  }
}
