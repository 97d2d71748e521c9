/** User settings and background state kept in extension storage (WXT storage items). */
import { storage } from 'wxt/utils/storage';
import type { StoredAccount } from '../background/account-service';
import { DEFAULT_SERVICE_URL } from '../protocol/default-service-url';
import type { SessionState } from '../protocol/session-state';
import type { ViewSnapshot } from '../protocol/view-snapshot';

/**
 * Base URL (origin) of the Earshot server: the one the user chose, else the build's default. Stored only when
 * chosen (the first run asks: see {@link chosenServiceUrl}); tests that store it directly count as a choice.
 */
export const serviceUrlItem = storage.defineItem<string>('local:serviceUrl', {
  fallback: DEFAULT_SERVICE_URL,
});

/** The server the user chose, or null on a first run (nothing stored yet). */
export const chosenServiceUrl = (): Promise<string | null> => storage.getItem<string>('local:serviceUrl');

/** The popup's snapshot of the last account and directory (written by the background, read by the popup). */
export const viewSnapshotItem = storage.defineItem<ViewSnapshot | null>('local:viewSnapshot', {
  fallback: null,
});

/**
 * The session as the background last knew it. `session:` storage survives the service worker being stopped
 * (and is not exposed to content scripts) but not a browser restart, which also ends the offscreen room.
 */
export const sessionStateItem = storage.defineItem<SessionState | null>('session:sessionState', {
  fallback: null,
});

/** The microphone chosen in the options; the system default when unset. */
export const microphoneDeviceItem = storage.defineItem<string | null>('local:microphoneDeviceId', {
  fallback: null,
});

/** The signed-in account with its session token. Read only by the background (see closeStorageToContentScripts). */
export const accountItem = storage.defineItem<StoredAccount | null>('local:account', { fallback: null });

/** Live rooms of followed accounts seen at the last check (null: never checked since signing in). */
export const knownLiveRoomsItem = storage.defineItem<string[] | null>('local:knownLiveRooms', {
  fallback: null,
});

/** Scheduled rooms the user asked to be reminded of: room id → title. */
export const remindersItem = storage.defineItem<Record<string, string>>('local:reminders', { fallback: {} });

/** The LiveKit URL of the last join (engine-warmup.ts prepares the connection to it). Session storage: a hint. */
export const lastLiveKitUrlItem = storage.defineItem<string | null>('session:lastLiveKitUrl', {
  fallback: null,
});
