/**
 * Per-user live updates: every instance subscribes to the room event bus and tells its own
 * connected users about rooms of hosts they follow (room.live, room.ended, room.counts).
 */

import type { RoomSummary } from '../../wire/room-summary.ts';
import type { Database } from '../db/database.ts';
import { importersAmong } from '../identity/imported-directory.ts';
import { summarizeRoom } from '../room-summary.ts';
import { createStores } from '../store/stores.ts';
import type { RoomEvent, RoomEventBus, RoomEventType } from './room-events.ts';

export interface LiveUpdate {
  type: RoomEventType;
  room: RoomSummary;
}

export type LiveUpdateSink = (update: LiveUpdate) => void;

/** How many connected users one follower query checks at a time. */
const FOLLOWER_QUERY_BATCH = 5000;

export function createLiveUpdates(deps: { db: Database; bus: RoomEventBus; publicUrl: string }) {
  const stores = createStores(deps.db);
  const sinksByAccount = new Map<string, Set<LiveUpdateSink>>();

  async function deliver(event: RoomEvent): Promise<void> {
    if (sinksByAccount.size === 0) return;
    const room = await stores.rooms.get(event.roomId);
    if (!room) return;
    const update: LiveUpdate = { type: event.type, room: summarizeRoom(room, deps.publicUrl) };
    const connected = [...sinksByAccount.keys()];
    for (let start = 0; start < connected.length; start += FOLLOWER_QUERY_BATCH) {
      const batch = connected.slice(start, start + FOLLOWER_QUERY_BATCH);
      // Followers on Earshot, and those following the host on Bluesky/Mastodon (imported follows).
      const followers = new Set([
        ...(await stores.follows.followersAmong(event.hostId, batch)),
        ...(await importersAmong(deps.db, event.hostId, batch)),
      ]);
      for (const accountId of followers) {
        for (const sink of sinksByAccount.get(accountId) ?? []) sink(update);
      }
    }
  }

  // Deliveries run one after another so each user sees a room's events in order.
  let queue: Promise<void> = Promise.resolve();
  const unsubscribe = deps.bus.subscribe((event) => {
    queue = queue.then(() => deliver(event)).catch(() => {});
  });

  return {
    /** Starts sending `accountId`'s updates to `sink`; returns the disconnect. */
    connect(accountId: string, sink: LiveUpdateSink): () => void {
      const sinks = sinksByAccount.get(accountId) ?? new Set();
      sinks.add(sink);
      sinksByAccount.set(accountId, sinks);
      return () => {
        sinks.delete(sink);
        if (sinks.size === 0 && sinksByAccount.get(accountId) === sinks) sinksByAccount.delete(accountId);
      };
    },
    connectionCount: () => [...sinksByAccount.values()].reduce((total, sinks) => total + sinks.size, 0),
    close: unsubscribe,
  };
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>;
