import { browser } from 'wxt/browser';
import { createAccountService } from '@/utils/background/account-service';
import type { EngineHost } from '@/utils/background/engine-host';
import { createOffscreenEngineHost } from '@/utils/background/engine-host-offscreen';
import { createBackgroundHub } from '@/utils/background/hub';
import { createLiveWatcher } from '@/utils/background/live-watcher';
import { createRoomsApi } from '@/utils/background/rooms-api';
import { createSessionWatchers } from '@/utils/background/session-watchers';
import { isExtensionPage } from '@/utils/protocol/extension-sender';
import {
  type ConfigChangedEvent,
  fail,
  isFor,
  type ReactionEvent,
  type SessionChangedEvent,
} from '@/utils/protocol/messages';
import type { EngineSnapshot, Reaction, SessionState } from '@/utils/protocol/session-state';
import {
  accountItem,
  knownLiveRoomsItem,
  microphoneDeviceItem,
  remindersItem,
  serviceUrlItem,
  sessionStateItem,
} from '@/utils/storage/settings';

/** Chrome's own namespace: the offscreen API and `runtime.getContexts` are used as Chrome ships them. */
declare const chrome: typeof browser;

function chromeOffscreenEngineHost(): EngineHost {
  return createOffscreenEngineHost({
    createDocument: (parameters) =>
      chrome.offscreen.createDocument({
        ...parameters,
        reasons: parameters.reasons as `${Browser.offscreen.Reason}`[],
      }),
    closeDocument: () => chrome.offscreen.closeDocument(),
    hasDocument: async () =>
      (
        await chrome.runtime.getContexts({
          contextTypes: ['OFFSCREEN_DOCUMENT' as Browser.runtime.ContextType],
        })
      ).length > 0,
    sendMessage: (message) => chrome.runtime.sendMessage(message),
  });
}

/**
 * Extension storage is readable by content scripts unless closed. `session` storage is closed by default; Chrome
 * can close `local` too (where it cannot, the call fails and the defaults stay).
 */
async function closeStorageToContentScripts(): Promise<void> {
  for (const area of [chrome.storage.local, chrome.storage.session]) {
    await (area as { setAccessLevel?: (o: { accessLevel: string }) => Promise<void> })
      .setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' })
      .catch(() => undefined);
  }
}

/** While in a room, checks every 30 s that the engine still runs (the browser may close the offscreen document). */
const ENGINE_WATCHDOG_ALARM = 'engine-watchdog';
/** Checks the followed accounts' live rooms every minute. */
const LIVE_WATCH_ALARM = 'live-watch';

/** The popup opened at its Start-a-room form (see entrypoints/popup). */
const START_ROOM_PAGE = 'popup.html#start';
let startRoomWindowId: number | undefined;

/**
 * The feed's "Start a room": content scripts cannot open the popup. The toolbar popup itself where the browser
 * allows it (`action.openPopup`, Chrome 127+, needs a focused window), otherwise the popup page in a small
 * window (focused again if it is still open).
 */
async function openStartRoom(): Promise<'popup' | 'window'> {
  const action = import.meta.env.FIREFOX
    ? (chrome as unknown as { browserAction?: typeof chrome.action }).browserAction
    : chrome.action;
  if (typeof action?.openPopup === 'function') {
    try {
      await action.setPopup({ popup: START_ROOM_PAGE });
      await action.openPopup();
      return 'popup';
    } catch {
      // No focused browser window, or the browser does not let an extension open its popup.
    } finally {
      await action.setPopup({ popup: 'popup.html' }).catch(() => undefined);
    }
  }
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

/** An engine host created on first use. */
function lazyEngineHost(load: () => Promise<EngineHost>): EngineHost {
  let host: Promise<EngineHost> | null = null;
  const get = () => {
    host ??= load();
    return host;
  };
  return {
    ensure: async () => (await get()).ensure(),
    exists: async () => (host ? (await host).exists() : false),
    send: async (command) => (await get()).send(command),
    close: async () => (host ? (await host).close() : undefined),
  };
}

export default defineBackground(() => {
  let onEngineChange: (snapshot: EngineSnapshot) => void = () => undefined;
  let onEngineReaction: (roomId: string, reaction: Reaction) => void = () => undefined;
  const engine = import.meta.env.FIREFOX
    ? // Loaded lazily so that the Chrome build, where this branch is dead, does not bundle livekit-client.
      lazyEngineHost(() =>
        import('@/utils/background/engine-host-inpage').then((m) =>
          m.createInPageEngineHost({
            onChange: (snapshot) => onEngineChange(snapshot),
            onReaction: (roomId, reaction) => onEngineReaction(roomId, reaction),
          }),
        ),
      )
    : chromeOffscreenEngineHost();

  const watchers = createSessionWatchers((tabId, message) => browser.tabs.sendMessage(tabId, message));
  // Content scripts run in web pages: keep extension storage (the session token) out of their reach.
  void closeStorageToContentScripts();
  const api = createRoomsApi(
    () => serviceUrlItem.getValue(),
    () => account.token(),
  );
  const account = createAccountService(() => api, {
    load: () => accountItem.getValue(),
    save: (value) => accountItem.setValue(value),
  });
  const hub = createBackgroundHub({
    engine,
    api,
    account,
    store: { load: () => sessionStateItem.getValue(), save: (state) => sessionStateItem.setValue(state) },
    broadcast(state: SessionState) {
      const event: SessionChangedEvent = { target: 'views', type: 'session:changed', state };
      browser.runtime.sendMessage(event).catch(() => undefined); // no extension page open
      void watchers.notify(event);
    },
    async openMicrophonePage() {
      await browser.tabs.create({ url: browser.runtime.getURL('/microphone.html') });
    },
    preferredMicrophone: async () => (await microphoneDeviceItem.getValue()) ?? undefined,
    reminders: { load: () => remindersItem.getValue(), save: (value) => remindersItem.setValue(value) },
    serviceUrl: () => serviceUrlItem.getValue(),
    openStartRoom,
    accountChanged: () =>
      void knownLiveRoomsItem
        .setValue(null)
        .then(() => liveWatcher.check())
        .catch(() => undefined),
    watchdog: {
      // Alarms wake a sleeping service worker; 30 s is the shortest period Chrome allows.
      start: () => void browser.alarms.create(ENGINE_WATCHDOG_ALARM, { periodInMinutes: 0.5 }),
      stop: () => void browser.alarms.clear(ENGINE_WATCHDOG_ALARM),
    },
    announceReaction(roomId, reaction) {
      const event: ReactionEvent = { target: 'views', type: 'room:reaction', roomId, reaction };
      browser.runtime.sendMessage(event).catch(() => undefined);
      void watchers.notify(event);
    },
  });
  onEngineChange = (snapshot) => void hub.handle({ target: 'background', type: 'engine:changed', snapshot });
  onEngineReaction = (roomId, reaction) =>
    void hub.handle({ target: 'background', type: 'engine:reaction', roomId, reaction });

  // Content scripts cannot read the settings: tell the watching tabs when the service moves.
  serviceUrlItem.watch((serviceUrl) => {
    const event: ConfigChangedEvent = { target: 'views', type: 'config:changed', serviceUrl };
    void watchers.notify(event);
  });

  const liveWatcher = createLiveWatcher({
    directory: async () => ((await account.token()) ? api.directory() : null),
    known: { load: () => knownLiveRoomsItem.getValue(), save: (ids) => knownLiveRoomsItem.setValue(ids) },
    reminders: { load: () => remindersItem.getValue(), save: (value) => remindersItem.setValue(value) },
    notify(room, why) {
      void browser.notifications.create(`room:${room.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: browser.i18n.getMessage(why === 'reminder' ? 'notifyReminder' : 'notifyLive', room.hostName),
        message: room.title,
      });
    },
    setBadge(count) {
      void browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
      void browser.action.setBadgeBackgroundColor({ color: '#6d28d9' });
    },
    currentRoomId: async () => (await hub.session()).room?.id ?? null,
  });
  // Followed accounts going live and reminded rooms starting are noticed on an alarm, so also while the
  // service worker sleeps (it wakes for the alarm).
  void browser.alarms.create(LIVE_WATCH_ALARM, { periodInMinutes: 1, delayInMinutes: 0.1 });
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith('room:')) return;
    void browser.notifications.clear(id);
    void hub.handle({ target: 'background', type: 'room:join', roomId: id.slice('room:'.length) });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ENGINE_WATCHDOG_ALARM) void hub.checkEngine();
    if (alarm.name === LIVE_WATCH_ALARM) void liveWatcher.check().catch(() => undefined);
  });

  // Keyboard shortcuts work from any tab.
  browser.commands.onCommand.addListener(async (command) => {
    const session = await hub.session();
    if (session.status === 'idle') return;
    if (command === 'leave-room') await hub.handle({ target: 'background', type: 'room:leave' });
    if (command === 'toggle-mute' && session.local?.canPublish) {
      await hub.handle({ target: 'background', type: 'room:microphone', enabled: !session.local.micEnabled });
    }
  });

  browser.runtime.onMessage.addListener((raw, sender) => {
    if (isFor(raw, 'views')) return undefined;
    if (isFor(raw, 'engine')) {
      // In Chrome the offscreen document answers these itself; in Firefox the engine lives here.
      if (!import.meta.env.FIREFOX) return undefined;
      if (!isExtensionPage(sender))
        return Promise.resolve(fail('invalid_message', 'Not allowed from a web page'));
      return engine.send(raw as never).then(
        (value) => ({ ok: true, value }),
        (error: Error) => fail('failed', error.message),
      );
    }
    const tabId = sender.tab?.id;
    if (tabId !== undefined && (raw as { type?: unknown }).type === 'session:watch') void watchers.add(tabId);
    return hub.handle(raw);
  });
});
