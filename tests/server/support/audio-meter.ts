/** Joins a LiveKit room with @livekit/rtc-node and measures the audio it receives. */
import { AudioStream, type RemoteTrack, Room, RoomEvent, TrackKind } from '@livekit/rtc-node';

/** A frame whose peak is above this (of 32767) is sound, not silence or comfort noise. */
const LOUD_PEAK = 1000;

export interface AudioMeter {
  room: Room;
  /** Every frame received so far. */
  frames(): number;
  /** Arrival times (performance.now()) of frames that carried sound. */
  loudFrameTimes(): number[];
  /** Resolves once `count` loud frames arrived after this call; rejects after `timeoutMs`. */
  waitForLoudFrames(count: number, timeoutMs: number): Promise<void>;
  leave(): Promise<void>;
}

function peakOf(samples: Int16Array): number {
  let peak = 0;
  for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
  return peak;
}

async function meter(track: RemoteTrack, onFrame: (loud: boolean) => void): Promise<void> {
  const stream = new AudioStream(track, { sampleRate: 48_000, numChannels: 1 });
  for await (const frame of stream) onFrame(peakOf(frame.data) > LOUD_PEAK);
}

/** Joins with `grant` until `count` loud frames arrived (rejects after `timeoutMs`), then leaves. */
export async function hearLoudFrames(
  grant: { url: string; token: string },
  count: number,
  timeoutMs: number,
): Promise<void> {
  const listener = await joinAndMeasureAudio(grant.url, grant.token);
  try {
    await listener.waitForLoudFrames(count, timeoutMs);
  } finally {
    await listener.leave();
  }
}

export async function joinAndMeasureAudio(url: string, token: string): Promise<AudioMeter> {
  const room = new Room();
  let frames = 0;
  const loudTimes: number[] = [];
  const waiters = new Set<() => void>();

  room.on(RoomEvent.TrackSubscribed, (track) => {
    if (track.kind !== TrackKind.KIND_AUDIO) return;
    void meter(track, (loud) => {
      frames++;
      if (!loud) return;
      loudTimes.push(performance.now());
      for (const check of waiters) check();
    }).catch(() => {});
  });
  await room.connect(url, token, { autoSubscribe: true, dynacast: false });

  return {
    room,
    frames: () => frames,
    loudFrameTimes: () => [...loudTimes],
    waitForLoudFrames(count, timeoutMs) {
      const target = loudTimes.length + count;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`Got ${loudTimes.length - target + count} of ${count} loud frames in ${timeoutMs} ms`),
          );
        }, timeoutMs);
        function check() {
          if (loudTimes.length < target) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
    },
    leave: () => room.disconnect(),
  };
}
