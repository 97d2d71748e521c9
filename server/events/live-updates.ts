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

  /** Who among `candidates` follows the host on Earshot or through imported follows (Bluesky/Mastodon). */
  async function followersIn(hostId: string, candidates: string[]): Promise<string[]> {
    const [direct, imported] = await Promise.all([
      stores.follows.followersAmong(hostId, candidates),
      importersAmong(deps.db, hostId, candidates),
    ]);
    return imported.length === 0 ? direct : [...new Set([...direct, ...imported])];
  }

  /**
   * The room and its followers among this instance's connections are read at once (in parallel, one
   * round trip's time), and every follower's sink gets the same update object, so the route serializes
   * it once for all of them.
   */
  async function deliver(event: RoomEvent): Promise<void> {
    if (sinksByAccount.size === 0) return;
    const connected = [...sinksByAccount.keys()];
    const batches: string[][] = [];
    for (let start = 0; start < connected.length; start += FOLLOWER_QUERY_BATCH) {
      batches.push(connected.slice(start, start + FOLLOWER_QUERY_BATCH));
    }
    const [room, ...followerBatches] = await Promise.all([
      stores.rooms.get(event.roomId),
      ...batches.map((batch) => followersIn(event.hostId, batch)),
    ]);
    if (!room) return;
    const update: LiveUpdate = { type: event.type, room: summarizeRoom(room, deps.publicUrl) };
    for (const followers of followerBatches) {
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
