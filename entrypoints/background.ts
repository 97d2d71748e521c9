/**
 * The background: builds the hub over the browser's APIs (wiring), then hands it what the browser reports
 * (listeners) and what must happen while the service worker sleeps (alarms).
 */
import { browser } from 'wxt/browser';
import { createAccountService } from '@/utils/background/account-service';
import { chromeOffscreenEngineHost, closeStorageToContentScripts } from '@/utils/background/chrome-offscreen';
import { lazyEngineHost } from '@/utils/background/engine-host-lazy';
import { createBackgroundHub } from '@/utils/background/hub';
import { createLiveWatcher, notificationText } from '@/utils/background/live-watcher';
import { createRoomsApi } from '@/utils/background/rooms-api';
import { browserServerAccess } from '@/utils/background/server-access';
import { checkServer, webRequestNetworkErrors } from '@/utils/background/server-check';
import { createSessionWatchers, type SessionWatchers } from '@/utils/background/session-watchers';
import { openStartRoom } from '@/utils/background/start-room-window';
import { DEFAULT_SERVICE_URL } from '@/utils/protocol/default-service-url';
import type {
  AccountChangedEvent,
  ConfigChangedEvent,
  ReactionEvent,
  SessionChangedEvent,
} from '@/utils/protocol/events';
import { isExtensionPage } from '@/utils/protocol/extension-sender';
import { fail, isFor } from '@/utils/protocol/reply';
import type { EngineSnapshot, Reaction } from '@/utils/protocol/session-state';
import { memoryCached } from '@/utils/storage/memory-cached';
import {
  accountItem,
  chosenServiceUrl,
  knownLiveRoomsItem,
  lastLiveKitUrlItem,
  microphoneDeviceItem,
  remindersItem,
  serviceUrlItem,
  sessionStateItem,
  viewSnapshotItem,
} from '@/utils/storage/settings';

/** While in a room, checks every 30 s that the engine still runs (the browser may close the offscreen document). */
const ENGINE_WATCHDOG_ALARM = 'engine-watchdog';
/** Checks the followed accounts' live rooms every minute. */
const LIVE_WATCH_ALARM = 'live-watch';

/** What the engine reports, passed on to the hub once it exists (Firefox's engine runs in this page). */
const engineEvents = {
  changed: (_snapshot: EngineSnapshot): void => undefined,
  reaction: (_roomId: string, _reaction: Reaction): void => undefined,
};

function createEngineHost() {
  if (!import.meta.env.FIREFOX) return chromeOffscreenEngineHost();
  // Loaded lazily so that the Chrome build, where this branch is dead, does not bundle livekit-client.
  return lazyEngineHost(() =>
    import('@/utils/background/engine-host-inpage').then((m) =>
      m.createInPageEngineHost({
        onChange: (snapshot) => engineEvents.changed(snapshot),
        onReaction: (roomId, reaction) => engineEvents.reaction(roomId, reaction),
      }),
    ),
  );
}

/** Tells extension pages (runtime messages) and the watching tabs' content scripts (tab messages). */
function tellViews(watchers: SessionWatchers, event: SessionChangedEvent | ReactionEvent) {
  browser.runtime.sendMessage(event).catch(() => undefined); // no extension page open
  void watchers.notify(event);
}

function wire() {
  const engine = createEngineHost();
  const watchers = createSessionWatchers((tabId, message) => browser.tabs.sendMessage(tabId, message));
  // Read on every call to the service (a join included): kept in memory, refreshed when storage changes.
  const serviceUrl = memoryCached(serviceUrlItem);
  const storedAccount = memoryCached(accountItem);
  const api = createRoomsApi(serviceUrl.get, () => account.token());
  const account = createAccountService(() => api, { load: storedAccount.get, save: storedAccount.set });
  const reminders = {
    load: () => remindersItem.getValue(),
    save: (value: Record<string, string>) => remindersItem.setValue(value),
  };
  const hub = createBackgroundHub({
    engine,
    api,
    account,
    store: { load: () => sessionStateItem.getValue(), save: (state) => sessionStateItem.setValue(state) },
    broadcast: (state) => tellViews(watchers, { target: 'views', type: 'session:changed', state }),
    announceReaction: (roomId, reaction) =>
      tellViews(watchers, { target: 'views', type: 'room:reaction', roomId, reaction }),
    async openMicrophonePage() {
      await browser.tabs.create({ url: browser.runtime.getURL('/microphone.html') });
    },
    preferredMicrophone: async () => (await microphoneDeviceItem.getValue()) ?? undefined,
    reminders,
    serviceUrl: serviceUrl.get,
    server: {
      chosen: chosenServiceUrl,
      defaultUrl: DEFAULT_SERVICE_URL,
      // webRequest names the failure fetch does not (an untrusted certificate vs a server that is down).
      check: (origin) => checkServer(origin, { networkErrors: webRequestNetworkErrors(browser.webRequest) }),
      save: serviceUrl.set,
      access: browserServerAccess(browser.permissions),
    },
    viewSnapshot: {
      load: () => viewSnapshotItem.getValue(),
      save: (value) => viewSnapshotItem.setValue(value),
    },
    openStartRoom,
    accountChanged: () => {
      void knownLiveRoomsItem
        .setValue(null)
        .then(() => liveWatcher.check())
        .catch(() => undefined);
      // The feeds' room bars and chips are the viewer's: they load them again now, not at their next refresh.
      const event: AccountChangedEvent = { target: 'views', type: 'account:changed' };
      void watchers.notify(event);
    },
    lastLiveKitUrl: {
      load: () => lastLiveKitUrlItem.getValue(),
      save: (url) => lastLiveKitUrlItem.setValue(url),
    },
    watchdog: {
      // Alarms wake a sleeping service worker; 30 s is the shortest period Chrome allows.
      start: () => void browser.alarms.create(ENGINE_WATCHDOG_ALARM, { periodInMinutes: 0.5 }),
      stop: () => void browser.alarms.clear(ENGINE_WATCHDOG_ALARM),
    },
  });
  engineEvents.changed = (snapshot) =>
    void hub.handle({ target: 'background', type: 'engine:changed', snapshot });
  engineEvents.reaction = (roomId, reaction) =>
    void hub.handle({ target: 'background', type: 'engine:reaction', roomId, reaction });

  const liveWatcher = createLiveWatcher({
    directory: async () => ((await account.token()) ? api.directory() : null),
    known: { load: () => knownLiveRoomsItem.getValue(), save: (ids) => knownLiveRoomsItem.setValue(ids) },
    reminders,
    notify(room, why) {
      void browser.notifications.create(`room:${room.id}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        ...notificationText(room, why, (key, substitutions) => browser.i18n.getMessage(key, substitutions)),
      });
    },
    setBadge(count) {
      void browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
      void browser.action.setBadgeBackgroundColor({ color: '#6d28d9' });
    },
    currentRoomId: async () => (await hub.session()).room?.id ?? null,
  });
  return { engine, watchers, hub, liveWatcher };
}

type Background = ReturnType<typeof wire>;

/** Messages from views, content scripts and (in Firefox) engine commands for the engine living here. */
function listenToMessages({ engine, watchers, hub }: Background) {
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
}

/** Settings changes, notification clicks and keyboard shortcuts. */
function listenToBrowser({ watchers, hub }: Background) {
  // Content scripts cannot read the settings: tell the watching tabs when the service moves.
  serviceUrlItem.watch((serviceUrl) => {
    const event: ConfigChangedEvent = { target: 'views', type: 'config:changed', serviceUrl };
    void watchers.notify(event);
  });
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith('room:')) return;
    void browser.notifications.clear(id);
    void hub.handle({ target: 'background', type: 'room:join', roomId: id.slice('room:'.length) });
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
}

/**
 * Followed accounts going live and reminded rooms starting are noticed on an alarm, so also while the
 * service worker sleeps (it wakes for the alarm); the engine watchdog runs on one while in a room.
 */
function listenToAlarms({ hub, liveWatcher }: Background) {
  void browser.alarms.create(LIVE_WATCH_ALARM, { periodInMinutes: 1, delayInMinutes: 0.1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ENGINE_WATCHDOG_ALARM) void hub.checkEngine();
    if (alarm.name === LIVE_WATCH_ALARM) void liveWatcher.check().catch(() => undefined);
  });
}

export default defineBackground(() => {
  // Content scripts run in web pages: keep extension storage (the session token) out of their reach.
  void closeStorageToContentScripts();
  const background = wire();
  listenToAlarms(background);
  listenToBrowser(background);
  listenToMessages(background);
});
