/**
 * Notices when followed accounts go live, and when rooms the user asked to be reminded of start. Runs on an
 * alarm (so it works after the service worker slept): each check compares the directory's live rooms with
 * those already known, notifies about the new ones, and shows the live count on the toolbar badge.
 */
import type { Directory, RoomSummary } from '@/wire/room-summary';
import { followedViaKey } from '../ui/followed-via';
import type { MessageKey } from '../ui/i18n';

/** The notification for a room: who is live (and, for a follow imported from Bluesky or Mastodon, from where), and its title. */
export function notificationText(
  room: RoomSummary,
  why: 'went_live' | 'reminder',
  message: (key: MessageKey, substitutions?: string[]) => string,
): { title: string; message: string } {
  const who = message(why === 'reminder' ? 'notifyReminder' : 'notifyLive', [room.hostName]);
  const via = followedViaKey(room);
  return { title: via ? `${who} · ${message(via)}` : who, message: room.title };
}

export interface LiveWatcherDeps {
  /** The signed-in user's directory, or null when signed out. */
  directory(): Promise<Directory | null>;
  /** Rooms already known to be live (persisted between checks). */
  known: { load(): Promise<string[] | null>; save(ids: string[]): Promise<void> };
  /** Rooms the user asked to be reminded of, by id. */
  reminders: {
    load(): Promise<Record<string, string>>;
    save(reminders: Record<string, string>): Promise<void>;
  };
  notify(room: RoomSummary, why: 'went_live' | 'reminder'): void;
  setBadge(count: number): void;
  /** The room the user is in, never announced. */
  currentRoomId(): Promise<string | null>;
}

export function createLiveWatcher(deps: LiveWatcherDeps) {
  return {
    async check(): Promise<void> {
      const directory = await deps.directory();
      if (!directory) {
        deps.setBadge(0);
        await deps.known.save([]);
        return;
      }
      const live = directory.live;
      deps.setBadge(live.length);
      const known = await deps.known.load();
      const reminders = await deps.reminders.load();
      const current = await deps.currentRoomId();
      const remaining = { ...reminders };
      for (const room of live) {
        if (room.id === current) continue;
        if (reminders[room.id] !== undefined) {
          deps.notify(room, 'reminder');
          delete remaining[room.id];
        } else if (known !== null && !known.includes(room.id)) {
          // The first check after signing in only learns what is live; it announces nothing.
          deps.notify(room, 'went_live');
        }
      }
      await deps.known.save(live.map((room) => room.id));
      if (Object.keys(remaining).length !== Object.keys(reminders).length)
        await deps.reminders.save(remaining);
    },
  };
}
