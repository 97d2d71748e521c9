/** Publishes a steady tone as a microphone track from @livekit/rtc-node, like a host would. */
import {
  AudioSource,
  LocalAudioTrack,
  type LocalTrackPublication,
  Room,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { pumpAudio } from '../../../scripts/lib/audio-pump.ts';

const SAMPLE_RATE = 48_000;

function sine(frequency: number, seconds: number, amplitude = 0.4): Int16Array {
  const samples = new Int16Array(SAMPLE_RATE * seconds);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(32767 * amplitude * Math.sin((2 * Math.PI * frequency * i) / SAMPLE_RATE));
  }
  return samples;
}

export const microphoneOptions = () => new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE });

export interface TonePublisher {
  room: Room;
  publication: LocalTrackPublication;
  stop(): Promise<void>;
}

export async function connectRoom(url: string, token: string): Promise<Room> {
  const room = new Room();
  await room.connect(url, token, { autoSubscribe: false, dynacast: false });
  return room;
}

/** Creates a microphone-like track fed by a tone (nothing is captured until `play`). */
export function toneTrack(name: string) {
  const source = new AudioSource(SAMPLE_RATE, 1, 100);
  const track = LocalAudioTrack.createAudioTrack(name, source);
  const playing = new AbortController();
  return {
    source,
    track,
    play: () => pumpAudio({ source, samples: sine(440, 1), signal: playing.signal }),
    async stop() {
      playing.abort();
      await source.close();
    },
  };
}

export async function publishTone(url: string, token: string): Promise<TonePublisher> {
  const room = await connectRoom(url, token);
  const tone = toneTrack('tone');
  const publication = await room.localParticipant!.publishTrack(tone.track, microphoneOptions());
  const pumping = tone.play();
  return {
    room,
    publication,
    async stop() {
      await tone.stop();
      await pumping.catch(() => {});
      await room.disconnect();
    },
  };
}
