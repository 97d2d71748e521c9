/** A short, gentle melody of sine notes: the demo bot's voice when no speech synthesizer is installed. */

const noteFrequencies = {
  C5: 523.25,
  D5: 587.33,
  E5: 659.25,
  G5: 783.99,
  A5: 880.0,
  C6: 1046.5,
} as const;

type Note = keyof typeof noteFrequencies;

const tune: [Note, number][] = [
  ['C5', 300],
  ['E5', 300],
  ['G5', 300],
  ['C6', 600],
  ['A5', 300],
  ['G5', 300],
  ['E5', 600],
  ['D5', 300],
  ['E5', 300],
  ['G5', 300],
  ['C5', 900],
];

/** The melody at `sampleRate`, mono, with soft attack and release so notes do not click. */
export function toneMelody(sampleRate = 48_000, gapMs = 80, amplitude = 0.3): Int16Array {
  const gap = Math.round((gapMs / 1000) * sampleRate);
  const totalSamples = tune.reduce((sum, [, ms]) => sum + Math.round((ms / 1000) * sampleRate) + gap, 0);
  const out = new Int16Array(totalSamples + sampleRate / 2); // half a second of rest before it loops
  const attack = Math.round(0.02 * sampleRate);
  let offset = 0;
  for (const [note, ms] of tune) {
    const length = Math.round((ms / 1000) * sampleRate);
    const frequency = noteFrequencies[note];
    for (let i = 0; i < length; i++) {
      const t = i / sampleRate;
      const envelope = Math.min(1, i / attack) * Math.exp((-2.5 * i) / length);
      // A little second harmonic makes it less of a test tone.
      const wave = Math.sin(2 * Math.PI * frequency * t) + 0.25 * Math.sin(4 * Math.PI * frequency * t);
      out[offset + i] = Math.round(32767 * amplitude * envelope * (wave / 1.25));
    }
    offset += length + gap;
  }
  return out;
}
