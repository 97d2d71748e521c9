/**
 * Notices that the LiveKit node holding the bot's room died, from the media path alone.
 *
 * A client whose signalling goes through another node of the cluster is not told: that node drops it
 * only once a message it relays (a ping, every 5 s) fails for the relay timeout, 1.5–6.5 s after the
 * crash. The media goes straight to the room's node, which sends the publisher RTCP receiver reports
 * about once a second; when none has arrived for `stalledMs` while the bot is connected, that node is
 * gone (or unreachable) and the bot should rejoin rather than wait for LiveKit to tell it.
 */
import { ConnectionState, type Room } from '@livekit/rtc-node';

export interface MediaWatchOptions {
  /** No packet from the media server for this long (ms) while connected: the media path is dead. */
  stalledMs: number;
  /** How often the publisher's transport counters are read (ms). */
  checkEveryMs?: number;
  /** Called once, when the media path stalled. */
  onStalled(silentForMs: number): void;
}

/** Packets the publisher's transport has received from the media server so far, or undefined. */
async function publisherPacketsReceived(room: Room): Promise<number | undefined> {
  const stats = await room.getRtcStats();
  let total: number | undefined;
  for (const { stats: entry } of stats.publisherStats) {
    if (entry.case !== 'transport') continue;
    total = (total ?? 0) + Number(entry.value.transport?.packetsReceived ?? 0);
  }
  return total;
}

/** Watches `room` until the returned function is called (or the stall was reported). */
export function watchPublisherMedia(room: Room, options: MediaWatchOptions): () => void {
  let last: number | undefined;
  let lastGrewAt = Date.now();
  let reading = false;
  let stopped = false;
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  const check = async () => {
    if (reading || stopped) return;
    if (room.connectionState === ConnectionState.CONN_DISCONNECTED) return stop();
    // While LiveKit resumes by itself there is nothing to judge; count afresh once it is back.
    if (room.connectionState !== ConnectionState.CONN_CONNECTED) {
      last = undefined;
      return;
    }
    reading = true;
    const packets = await publisherPacketsReceived(room).catch(() => undefined);
    reading = false;
    if (stopped || packets === undefined) return;
    const now = Date.now();
    if (last === undefined || packets > last) {
      lastGrewAt = now;
      last = packets;
      return;
    }
    if (now - lastGrewAt >= options.stalledMs) {
      stop();
      options.onStalled(now - lastGrewAt);
    }
  };
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 100);
  return stop;
}
