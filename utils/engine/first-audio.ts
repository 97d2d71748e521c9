/**
 * When a room's first inbound audio arrived, read the way a bare livekit-client page reads it: once connect()
 * resolved, the receivers' counters every few milliseconds until bytes show. Quick for the first seconds (a
 * join is timed by it), then at the stall sampler's pace: in a room where nobody speaks yet it costs no more
 * than that sampler did.
 */
import type { Room } from 'livekit-client';
import { receiverTotals, remoteAudioTracks } from './receiver-totals';

/** Milliseconds since the epoch, on a clock every extension context shares (performance.timeOrigin based). */
export const epochNow = () => performance.timeOrigin + performance.now();

const QUICK_MS = 5;
const QUICK_FOR_MS = 2_000;
const SPARSE_MS = 250;

/** Calls `heard` with the time audio bytes were first seen; returns a function that stops watching. */
export function watchFirstAudio(room: Room, heard: (at: number) => void): () => void {
  const since = performance.now();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const look = async () => {
    timer = null;
    const { bytesReceived } = await receiverTotals(remoteAudioTracks(room));
    if (stopped) return;
    if (bytesReceived > 0) {
      stopped = true;
      heard(epochNow());
      return;
    }
    timer = setTimeout(look, performance.now() - since < QUICK_FOR_MS ? QUICK_MS : SPARSE_MS);
  };
  void look();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
  };
}
