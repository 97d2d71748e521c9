/**
 * When the LiveKit node holding the room dies, LiveKit's own reconnection is slow: it resumes, then
 * reconnects with the same token, with growing pauses, through a node that may not hold the room yet.
 * Asking the rooms service for a fresh grant is quicker (it answers as soon as the host has brought the
 * room back on a live node). So while LiveKit reconnects, the engine watches the audio: once none has
 * arrived for `stalledMs` the media path is dead too, and the engine leaves the room as lost, which makes
 * the background rejoin through the service at once. While audio still flows (only the signalling
 * dropped), LiveKit's resume is the right tool and gets `graceMs`.
 */
import { ConnectionState, type Room, RoomEvent } from 'livekit-client';

export interface ReconnectWatchOptions {
  /** How long LiveKit may try to get back by itself while audio still flows. */
  graceMs: number;
  /** Audio silent at least this long while reconnecting: give up. */
  stalledMs: number;
  /** Milliseconds since inbound audio last grew (Infinity when none ever arrived). */
  audioSilentForMs(): number;
  /** Called once when LiveKit has not got back in time. */
  giveUp(): void;
  /** How often the audio is looked at while reconnecting. */
  checkEveryMs?: number;
}

const RECONNECTING = new Set([ConnectionState.Reconnecting, ConnectionState.SignalReconnecting]);

/** Watches `room` until stopped; returns a function that stops watching. */
export function watchReconnecting(room: Room, options: ReconnectWatchOptions): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const clear = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const onState = (state: ConnectionState) => {
    if (!RECONNECTING.has(state)) {
      clear();
      return;
    }
    if (timer !== null) return;
    const since = Date.now();
    const check = () => {
      if (!RECONNECTING.has(room.state)) return clear();
      const silent = options.audioSilentForMs();
      // Never heard anything: nothing says the media path died, so LiveKit gets its grace.
      const stalled = Number.isFinite(silent) && silent >= options.stalledMs;
      if (stalled || Date.now() - since >= options.graceMs) {
        clear();
        options.giveUp();
      }
    };
    timer = setInterval(check, options.checkEveryMs ?? 100);
    check();
  };
  room.on(RoomEvent.ConnectionStateChanged, onState);
  return () => {
    clear();
    room.off(RoomEvent.ConnectionStateChanged, onState);
  };
}
