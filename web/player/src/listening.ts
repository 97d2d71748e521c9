/**
 * A guest listening to one room: gets a listener grant, connects with livekit-client, plays the speakers,
 * and keeps what the page shows in signals. When the connection drops for good (LiveKit restarted, the
 * network gone longer than livekit-client's own resume), it asks for a new grant and joins again by itself.
 */
import { signal } from '@preact/signals';
import { DisconnectReason, Room } from 'livekit-client';
import { createReactionFeed } from './reactions.ts';
import { RoomApiError, requestListenerGrant } from './room-api.ts';
import { type Speaker, stageOf, wireRoom } from './room-events.ts';

export type { Speaker } from './room-events.ts';

export type ListeningStatus =
  | 'idle'
  | 'connecting'
  | 'listening'
  | 'reconnecting'
  | 'ended'
  | 'removed'
  | 'failed';

const RETRY_MS = [1000, 2000, 3000, 5000, 8000];
/** How long a guest keeps trying to get back in before saying it failed. */
const GIVE_UP_MS = 3 * 60 * 1000;

const isGone = (error: unknown) => error instanceof RoomApiError && error.status === 404;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the speakers' audio elements live: out of sight, the page shows who speaks instead. */
function hiddenAudioContainer(): HTMLElement {
  const audio = document.createElement('div');
  audio.hidden = true;
  document.body.append(audio);
  return audio;
}

export function createListening(roomId: string) {
  const status = signal<ListeningStatus>('idle');
  const speakers = signal<Speaker[]>([]);
  const listenerCount = signal<number | null>(null);
  const needsTap = signal(false);
  const reactions = createReactionFeed();
  const audio = hiddenAudioContainer();
  let room: Room | undefined;
  let troubleSince = 0;

  function showStage(current: Room): void {
    if (room !== current) return;
    const stage = stageOf(current);
    speakers.value = stage.speakers;
    listenerCount.value = stage.listenerCount;
  }

  function lost(current: Room, reason: DisconnectReason | undefined): void {
    if (room !== current) return; // a disconnect we asked for
    room = undefined;
    audio.replaceChildren();
    if (reason === DisconnectReason.ROOM_DELETED) status.value = 'ended';
    else if (reason === DisconnectReason.PARTICIPANT_REMOVED) status.value = 'removed';
    else void rejoin();
  }

  async function connectOnce(): Promise<void> {
    const grant = await requestListenerGrant(roomId);
    const next = new Room({ adaptiveStream: false, dynacast: false });
    room = next;
    wireRoom(next, audio, {
      stageChanged: () => showStage(next),
      reaction: (payload) => reactions.receive(payload),
      playbackChanged: (canPlay) => {
        needsTap.value = !canPlay;
      },
      reconnecting: () => {
        if (room === next) status.value = 'reconnecting';
      },
      reconnected: () => {
        if (room === next) status.value = 'listening';
      },
      disconnected: (reason) => lost(next, reason),
    });
    try {
      await next.connect(grant.url, grant.token, { autoSubscribe: true });
    } catch (error) {
      if (room === next) room = undefined;
      await next.disconnect().catch(() => undefined);
      throw error;
    }
    if (room !== next) return;
    status.value = 'listening';
    troubleSince = 0;
    needsTap.value = !next.canPlaybackAudio;
    showStage(next);
  }

  /** Tries again until it is back in, the room is gone, or it has been failing for GIVE_UP_MS. */
  async function rejoin(): Promise<void> {
    status.value = 'reconnecting';
    troubleSince ||= Date.now();
    for (let attempt = 0; status.value === 'reconnecting'; attempt++) {
      await sleep(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!);
      if (status.value !== 'reconnecting') return;
      try {
        await connectOnce();
        return;
      } catch (error) {
        if (isGone(error)) status.value = 'ended';
        else if (Date.now() - troubleSince > GIVE_UP_MS) status.value = 'failed';
      }
    }
  }

  return {
    status,
    speakers,
    listenerCount,
    needsTap,
    reactions: reactions.shown,

    /** Called from the Listen click: the click is what lets the page play sound. */
    async listen(): Promise<void> {
      if (status.value !== 'idle' && status.value !== 'failed') return;
      status.value = 'connecting';
      try {
        await connectOnce();
      } catch (error) {
        if (isGone(error)) status.value = 'ended';
        else if (error instanceof RoomApiError && error.code === 'room_reconnecting') void rejoin();
        else status.value = 'failed';
      }
    },

    /** Starts playback the browser blocked (when the Listen click did not count as a gesture). */
    async tapToPlay(): Promise<void> {
      await room?.startAudio();
      needsTap.value = room ? !room.canPlaybackAudio : false;
    },

    async leave(): Promise<void> {
      const current = room;
      room = undefined;
      status.value = 'idle';
      speakers.value = [];
      audio.replaceChildren();
      await current?.disconnect();
    },
  };
}

export type Listening = ReturnType<typeof createListening>;
