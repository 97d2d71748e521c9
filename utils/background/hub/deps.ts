/** What the hub needs from the browser and the rooms service: passed in, so it runs in Chrome, Firefox and unit tests. */
import type { Reaction, SessionState } from '../../protocol/session-state';
import type { ViewSnapshot } from '../../protocol/view-snapshot';
import type { AccountService } from '../account-service';
import type { EngineHost } from '../engine-host';
import type { RoomsApi } from '../rooms-api';
import type { ServerCheck } from '../server-check';

export interface SessionStore {
  load(): Promise<SessionState | null>;
  save(state: SessionState): Promise<void>;
}

export interface BackgroundHubDeps {
  engine: EngineHost;
  api: RoomsApi;
  account: AccountService;
  store: SessionStore;
  /** Tells open views that the session changed. */
  broadcast(state: SessionState): void;
  /** Tells open views that someone in the current room reacted. */
  announceReaction(roomId: string, reaction: Reaction): void;
  /** Opens the page that asks for the microphone (an offscreen document cannot show the prompt). */
  openMicrophonePage(): Promise<void>;
  /** The input device the user chose in the options, if any. */
  preferredMicrophone(): Promise<string | undefined>;
  /** Scheduled rooms the user wants to hear about when they start. */
  reminders?: {
    load(): Promise<Record<string, string>>;
    save(reminders: Record<string, string>): Promise<void>;
  };
  /** Called after sign-in and sign-out, so live notifications and the badge follow the account. */
  accountChanged?(): void;
  /** The rooms service URL from the settings. */
  serviceUrl?: () => Promise<string>;
  /** Choosing the Earshot server (server:get, server:choose). */
  server?: ServerDeps;
  /** What the popup shows at once when it opens (the last account and directory). */
  viewSnapshot?: {
    load(): Promise<ViewSnapshot | null>;
    save(snapshot: ViewSnapshot | null): Promise<void>;
  };
  /** Shows the popup's Start-a-room form: the toolbar popup where the browser can open it, else a small window. */
  openStartRoom?(): Promise<'popup' | 'window'>;
  /** Pauses between attempts to rejoin after LiveKit dropped the room. Default: about a minute in all. */
  retryDelaysMs?: number[];
  /** The LiveKit URL of the last grant: a warmed engine prepares its connection to it before the click. */
  lastLiveKitUrl?: {
    load(): Promise<string | null>;
    save(url: string): Promise<void>;
  };
  /** Runs {@link BackgroundHub.checkEngine} periodically while in a room (alarms in the extension). */
  watchdog?: { start(): void; stop(): void };
  /** Milliseconds since the epoch (tests pass their own clock). Default Date.now. */
  now?: () => number;
}

export interface ServerDeps {
  /** The server the user chose, or null before the first choice. */
  chosen(): Promise<string | null>;
  /** The build's default server. */
  defaultUrl: string;
  /** Whether an Earshot server answers there (GET /health). */
  check(origin: string): Promise<ServerCheck>;
  /** Use it from now on. */
  save(origin: string): Promise<void>;
  /** Whether the browser lets the extension reach a server, and news when the user changes that. */
  access?: ServerAccess;
}

export interface ServerAccess {
  /**
   * The extension holds the host permission of `origin` (loopback always: granted at install). Never rejects:
   * a check the browser fails to answer counts as held (utils/permissions/server-access.ts says why).
   */
  has(origin: string): Promise<boolean>;
  /** Calls `changed` whenever the extension's permissions change (permissions.onAdded, onRemoved). */
  watch(changed: () => void): void;
}
