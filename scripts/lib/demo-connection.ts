/**
 * The demo bot's LiveKit connection: connects, publishes the bot's track, and gets back into the room by
 * itself when LiveKit loses it (a server restart or crash, a cluster node dying, a network blip), as a
 * host would: through the rooms service, which brings back a room LiveKit lost. A room that was ended,
 * or a bot that was removed, stays out.
 */
import {
  type AudioSource,
  DisconnectReason,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { watchPublisherMedia } from './demo-media-watch.ts';
import { ServiceError } from './rooms-service-client.ts';

/** Pauses before each attempt to rejoin after LiveKit dropped the bot: about three minutes in all. */
const RECONNECT_DELAYS_MS = [0, 250, 500, 1000, 1000, 2000, 2000, 4000, 8000, 15_000, 30_000, 60_000, 60_000];
/**
 * No packet from the media server for this long while connected: the node holding the room is gone,
 * rejoin (demo-media-watch.ts). LiveKit sends a publisher a receiver report about once a second, so this
 * leaves one late or lost report of slack.
 */
const MEDIA_STALL_MS = 1500;
/**
 * How long the SDK may try to resume a dropped session before the bot rejoins through the service. A
 * resume LiveKit can grant takes well under a second here; one a crashed LiveKit forgot never comes.
 */
const RESUME_PATIENCE_MS = 1000;
/** Disconnections the bot accepts: it left, was removed, or the room is over. */
const FINAL_DISCONNECTS = new Set([
  DisconnectReason.CLIENT_INITIATED,
  DisconnectReason.DUPLICATE_IDENTITY,
  DisconnectReason.PARTICIPANT_REMOVED,
  DisconnectReason.ROOM_DELETED,
  DisconnectReason.ROOM_CLOSED,
]);

export interface Grant {
  url: string;
  token: string;
}

export interface BotConnectionOptions {
  /** The bot's audio; it outlives each connection. */
  source: AudioSource;
  /** A fresh grant to get back in with (through the rooms service when the bot created the room). */
  rejoinGrant(): Promise<Grant>;
  /** Called once the bot is out of the room for good: ended, removed, or it gave up rejoining. */
  onFinished(): void;
  log(line: string): void;
  /**
   * Opus discontinuous transmission (LiveKit's default: on): in the speech's pauses a packet every 400 ms
   * instead of every 20 ms. Off for benchmarks that time a listener's first audio packet, which would
   * otherwise wait for the bot's next word.
   */
  dtx?: boolean;
}

export interface BotConnection {
  /** Connects with `grant` and publishes the track; rejects when that fails. */
  connect(grant: Grant): Promise<void>;
  /** Leaves the room, for good. */
  close(): Promise<void>;
}

export function createBotConnection({
  source,
  rejoinGrant,
  onFinished,
  log,
  dtx = true,
}: BotConnectionOptions): BotConnection {
  let room: Room | undefined;
  let closed = false;

  /** Leaves `left` and rejoins with a fresh grant: LiveKit's own way back is too slow or impossible. */
  const abandon = (left: Room, why: string) => {
    if (room !== left || closed) return;
    room = undefined;
    log(`demo-bot ${why}; rejoining through the rooms service`);
    void left.disconnect().catch(() => {});
    void reconnect(DisconnectReason.UNKNOWN_REASON);
  };

  /** Watches one connection: LiveKit dropping it, resuming it, or its media path going silent. */
  const watch = (next: Room) => {
    let unwatch = () => {};
    next.once(RoomEvent.Disconnected, (reason: DisconnectReason) => {
      unwatch();
      if (room === next && !closed) void reconnect(reason);
    });
    // The SDK resumes a session by itself, but one a crashed LiveKit forgot cannot be resumed, and the
    // room is gone too: after a short while, rejoin through the rooms service (which recreates it).
    let resuming: ReturnType<typeof setTimeout> | undefined;
    next.on(RoomEvent.Reconnecting, () => {
      log('demo-bot LiveKit connection lost; the SDK is resuming');
      resuming ??= setTimeout(
        () => abandon(next, `not resumed after ${RESUME_PATIENCE_MS} ms`),
        RESUME_PATIENCE_MS,
      );
    });
    next.on(RoomEvent.Reconnected, () => {
      log('demo-bot LiveKit session resumed');
      clearTimeout(resuming);
      resuming = undefined;
    });
    return {
      /** Once published: the node holding the room may die while the signalling goes through another. */
      watchMedia() {
        unwatch = watchPublisherMedia(next, {
          stalledMs: MEDIA_STALL_MS,
          onStalled: (silentMs) => abandon(next, `no packet from LiveKit's media server for ${silentMs} ms`),
        });
      },
    };
  };

  const connect = async (grant: Grant) => {
    const next = new Room();
    const watching = watch(next);
    room = next;
    await next.connect(grant.url, grant.token, { autoSubscribe: false, dynacast: false });
    const track = LocalAudioTrack.createAudioTrack('demo-bot', source);
    await next.localParticipant!.publishTrack(
      track,
      new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE, dtx }),
    );
    if (room === next && !closed) watching.watchMedia();
  };

  /** LiveKit dropped the bot, or it left a dead connection: get back in, with growing pauses. */
  const reconnect = async (reason: DisconnectReason) => {
    if (FINAL_DISCONNECTS.has(reason)) return onFinished();
    const since = Date.now();
    log(`demo-bot reconnecting (${DisconnectReason[reason] ?? reason})`);
    for (const delay of RECONNECT_DELAYS_MS) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (closed) return;
      try {
        await connect(await rejoinGrant());
        log(`demo-bot reconnected after ${Date.now() - since} ms`);
        return;
      } catch (error) {
        const failed = room;
        room = undefined;
        await failed?.disconnect().catch(() => {});
        if (error instanceof ServiceError && (error.status === 403 || error.status === 404)) break;
        log(`demo-bot could not reconnect yet: ${error instanceof Error ? error.message : error}`);
      }
    }
    log('demo-bot gave up reconnecting');
    onFinished();
  };

  return {
    connect,
    async close() {
      closed = true;
      await room?.disconnect().catch(() => {});
    },
  };
}
