/**
 * Feeds a looping PCM buffer into a LiveKit AudioSource in 10 ms frames at real-time pace,
 * optionally in speak/silence cycles.
 *
 * During a silence period nothing is captured at all (rather than zero frames): the WebRTC encoder
 * then sends no RTP, so a listener's inbound byte counter stays flat and grows again when speech
 * resumes, and a "speaking" indicator sees a clear gap.
 */
import { AudioFrame, type AudioSource } from '@livekit/rtc-node';

export interface AudioCycle {
  speakMs: number;
  silenceMs: number;
}

export interface PumpAudioOptions {
  source: AudioSource;
  /** Mono samples at the source's sample rate, played in a loop. */
  samples: Int16Array;
  /** Omit to speak continuously. */
  cycle?: AudioCycle;
  signal: AbortSignal;
  onPhase?: (phase: 'speaking' | 'silent') => void;
}

const FRAME_MS = 10;
/** How far ahead of the wall clock frames may be handed over (LiveKit buffers them). */
const LEAD_MS = 40;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** Runs until `signal` aborts. */
export async function pumpAudio({
  source,
  samples,
  cycle,
  signal,
  onPhase,
}: PumpAudioOptions): Promise<void> {
  const frameSamples = (source.sampleRate * FRAME_MS) / 1000;
  if (samples.length < frameSamples) throw new Error('The audio to play is shorter than one frame');
  let position = 0;

  const speakFor = async (durationMs: number) => {
    const startedAt = performance.now();
    for (let frameIndex = 0; !signal.aborted; frameIndex++) {
      const dueAt = startedAt + frameIndex * FRAME_MS;
      if (dueAt - startedAt >= durationMs) return;
      await sleep(dueAt - LEAD_MS - performance.now(), signal);
      if (signal.aborted) return;
      const frame = AudioFrame.create(source.sampleRate, 1, frameSamples);
      // Fade the first and last frame of a speaking period so cutting in mid-word does not click.
      const fadeIn = frameIndex === 0;
      const fadeOut = (frameIndex + 1) * FRAME_MS >= durationMs;
      for (let i = 0; i < frameSamples; i++) {
        const gain = (fadeIn ? i / frameSamples : 1) * (fadeOut ? 1 - i / frameSamples : 1);
        frame.data[i] = Math.round((samples[position] ?? 0) * gain);
        position = (position + 1) % samples.length;
      }
      await source.captureFrame(frame);
    }
  };

  if (!cycle || cycle.silenceMs <= 0) {
    onPhase?.('speaking');
    await speakFor(Number.POSITIVE_INFINITY);
    return;
  }
  while (!signal.aborted) {
    onPhase?.('speaking');
    await speakFor(cycle.speakMs);
    if (signal.aborted) return;
    onPhase?.('silent');
    await sleep(cycle.silenceMs, signal);
  }
}
