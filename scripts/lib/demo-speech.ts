/** What the demo bot says: espeak-ng sentences when it is installed, otherwise a melody. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './find-executable.ts';
import { toMono } from './pcm-resample.ts';
import { runCommand } from './run-command.ts';
import { toneMelody } from './tone-melody.ts';
import { parseWav } from './wav.ts';

export const DEMO_SAMPLE_RATE = 48_000;

export interface DemoAudio {
  /** 48 kHz mono, played in a loop. */
  samples: Int16Array;
  kind: 'speech' | 'melody';
}

const sentences: { voice: string; text: string }[] = [
  { voice: 'en-us', text: 'Hello, and welcome to Earshot. This is the demo bot, speaking live.' },
  { voice: 'fr', text: 'Bonjour, et bienvenue sur Earshot. Ceci est une salle audio en direct.' },
  { voice: 'en-us', text: 'If you can hear me, sound travels from end to end. Thanks for listening.' },
];

const PAUSE_BETWEEN_SENTENCES_MS = 700;

async function synthesize(espeak: string, sox: string | undefined, dir: string, index: number) {
  const { voice, text } = sentences[index]!;
  const raw = join(dir, `sentence-${index}.wav`);
  const spoken = await runCommand(espeak, ['-v', voice, '-s', '160', '-w', raw, text]);
  if (spoken.code !== 0) throw new Error(`espeak-ng failed: ${spoken.stderr.trim()}`);
  if (sox) {
    const resampled = join(dir, `sentence-${index}-48k.wav`);
    const converted = await runCommand(sox, [
      raw,
      '-r',
      String(DEMO_SAMPLE_RATE),
      '-c',
      '1',
      '-b',
      '16',
      resampled,
    ]);
    if (converted.code === 0) return parseWav(await readFile(resampled)).samples;
  }
  return toMono(parseWav(await readFile(raw)), DEMO_SAMPLE_RATE);
}

async function speech(espeak: string): Promise<Int16Array> {
  const sox = findExecutable('sox');
  const dir = await mkdtemp(join(tmpdir(), 'earshot-demo-speech-'));
  try {
    const pause = new Int16Array(Math.round((PAUSE_BETWEEN_SENTENCES_MS / 1000) * DEMO_SAMPLE_RATE));
    const parts: Int16Array[] = [];
    for (let index = 0; index < sentences.length; index++) {
      parts.push(await synthesize(espeak, sox, dir, index), pause);
    }
    const samples = new Int16Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      samples.set(part, offset);
      offset += part.length;
    }
    return samples;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

let cached: Promise<DemoAudio> | undefined;

/** Synthesized once per process. Falls back to the melody if espeak-ng is missing or fails. */
export function loadDemoAudio(): Promise<DemoAudio> {
  cached ??= (async (): Promise<DemoAudio> => {
    const espeak = findExecutable('espeak-ng');
    if (espeak) {
      try {
        return { samples: await speech(espeak), kind: 'speech' };
      } catch (error) {
        process.stderr.write(
          `demo-bot: speech synthesis failed, playing a melody instead (${String(error)})\n`,
        );
      }
    }
    return { samples: toneMelody(DEMO_SAMPLE_RATE), kind: 'melody' };
  })();
  return cached;
}
