/** Converting PCM to 48 kHz mono when sox is not there to do it better. */
import type { PcmAudio } from './wav.ts';

/** Averages channels to mono, then resamples by linear interpolation (fine for a demo voice). */
export function toMono(audio: PcmAudio, sampleRate: number): Int16Array {
  const frames = Math.floor(audio.samples.length / audio.channels);
  const mono = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < audio.channels; channel++) {
      sum += audio.samples[frame * audio.channels + channel] ?? 0;
    }
    mono[frame] = sum / audio.channels;
  }
  if (audio.sampleRate === sampleRate) return Int16Array.from(mono, Math.round);

  const ratio = audio.sampleRate / sampleRate;
  const out = new Int16Array(Math.floor(frames / ratio));
  for (let i = 0; i < out.length; i++) {
    const position = i * ratio;
    const index = Math.floor(position);
    const fraction = position - index;
    const a = mono[index] ?? 0;
    const b = mono[index + 1] ?? a;
    out[i] = Math.round(a + (b - a) * fraction);
  }
  return out;
}
