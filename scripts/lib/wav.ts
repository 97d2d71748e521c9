/** Reads 16-bit PCM WAV files (what espeak-ng and sox write). */

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved 16-bit samples. */
  samples: Int16Array;
}

export function parseWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new Error('Not a WAV file');

  let format:
    | { channels: number; sampleRate: number; bitsPerSample: number; audioFormat: number }
    | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.byteLength) {
    const id = text(offset);
    const declaredSize = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = {
        audioFormat: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before its fmt chunk');
      // Streamed WAVs may declare a bogus size: never read past the end of the file.
      const size = Math.min(declaredSize, bytes.byteLength - body);
      if (format.audioFormat !== 1 || format.bitsPerSample !== 16) {
        throw new Error(
          `Only 16-bit PCM WAV is supported (format ${format.audioFormat}, ${format.bitsPerSample} bits)`,
        );
      }
      const samples = new Int16Array(Math.floor(size / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(body + i * 2, true);
      return { sampleRate: format.sampleRate, channels: format.channels, samples };
    }
    offset = body + declaredSize + (declaredSize % 2);
  }
  throw new Error('WAV file has no data chunk');
}
