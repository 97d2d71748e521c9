/**
 * The audio engine: owns the LiveKit `Room`, plays remote audio and reports what the room looks like.
 * It runs where audio outlives pages: Chrome's offscreen document, or Firefox's background page.
 */
import {
  ConnectionState,
  DisconnectReason,
  type Participant,
  type RemoteAudioTrack,
  type RemoteTrack,
  Room,
  RoomEvent,
  Track,
} from 'livekit-client';
import {
  type ConnectionStatus,
  type EngineSnapshot,
  type EngineStats,
  IDLE_SNAPSHOT,
  type StageParticipant,
} from './session-state';

export interface AudioEngineOptions {
  /** Called (coalesced) whenever the snapshot changes. */
  onChange(snapshot: EngineSnapshot): void;
  /** Where remote `<audio>` elements are attached. */
  audioContainer: HTMLElement;
  /** Builds the LiveKit room; tests and benchmarks may tune options. */
  createRoom?: () => Room;
}

/** Why LiveKit closed the room, in the words the views understand. */
export function describeDisconnect(reason: DisconnectReason | undefined): string {
  switch (reason) {
    case DisconnectReason.ROOM_DELETED:
    case DisconnectReason.ROOM_CLOSED:
      return 'room_ended';
    case DisconnectReason.PARTICIPANT_REMOVED:
      return 'removed';
    case DisconnectReason.DUPLICATE_IDENTITY:
      return 'joined_elsewhere';
    case DisconnectReason.SERVER_SHUTDOWN:
      return 'server_shutdown';
    default:
      return 'connection_lost';
  }
}

function statusOf(state: ConnectionState): ConnectionStatus {
  switch (state) {
    case ConnectionState.Connected:
      return 'connected';
    case ConnectionState.Connecting:
      return 'joining';
    case ConnectionState.Reconnecting:
    case ConnectionState.SignalReconnecting:
      return 'reconnecting';
    default:
      return 'idle';
  }
}

function isOnStage(p: Participant): boolean {
  return p.permissions?.canPublish === true || p.audioTrackPublications.size > 0;
}

interface LevelMeter {
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
}

const EMIT_DELAY_MS = 50;

export class AudioEngine {
  private room: Room | null = null;
  private roomId: string | null = null;
  private endedReason: string | null = null;
  private audioContext: AudioContext | null = null;
  private readonly meters = new Map<string, LevelMeter>();
  private emitTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: AudioEngineOptions) {}

  /** Joins `roomId`, leaving any room the engine was in. Resolves once connected. */
  async connect(roomId: string, url: string, token: string): Promise<EngineSnapshot> {
    await this.disconnect();
    const room = this.options.createRoom?.() ?? new Room({ adaptiveStream: false, dynacast: false });
    this.room = room;
    this.roomId = roomId;
    this.endedReason = null;
    this.wire(room);
    this.scheduleEmit();
    try {
      await room.connect(url, token, { autoSubscribe: true });
    } catch (error) {
      if (this.room === room) this.cleanup();
      this.emitNow();
      throw error;
    }
    // Playback may need an explicit start where autoplay is restricted; the offscreen document allows it.
    await room.startAudio().catch(() => undefined);
    this.emitNow();
    return this.snapshot();
  }

  /** Leaves the room quietly. Safe to call when not in a room. */
  async disconnect(): Promise<void> {
    const room = this.room;
    if (!room) return;
    this.cleanup();
    await room.disconnect(true);
    this.emitNow();
  }

  snapshot(): EngineSnapshot {
    const room = this.room;
    if (!room) return { ...IDLE_SNAPSHOT, endedReason: this.endedReason };
    const everyone: Participant[] = [room.localParticipant, ...room.remoteParticipants.values()];
    const speakers: StageParticipant[] = everyone
      .filter(isOnStage)
      .map((p) => ({
        identity: p.identity,
        name: p.name || p.identity,
        isSpeaking: p.isSpeaking,
        isLocal: p === room.localParticipant,
      }))
      .sort((a, b) => a.identity.localeCompare(b.identity));
    return {
      status: statusOf(room.state),
      roomId: this.roomId,
      speakers,
      listenerCount: everyone.length - speakers.length,
      endedReason: null,
    };
  }

  /** What audio is arriving right now: RTP counters from WebRTC and the decoded level. */
  async stats(): Promise<EngineStats> {
    const tracks: RemoteAudioTrack[] = [];
    for (const participant of this.room?.remoteParticipants.values() ?? []) {
      for (const publication of participant.audioTrackPublications.values()) {
        if (publication.audioTrack) tracks.push(publication.audioTrack as RemoteAudioTrack);
      }
    }
    let bytesReceived = 0;
    let packetsReceived = 0;
    for (const track of tracks) {
      // The raw WebRTC report: livekit-client's audio receiver stats leave out packetsReceived.
      const report = await track.receiver?.getStats();
      report?.forEach((entry: { type: string; bytesReceived?: number; packetsReceived?: number }) => {
        if (entry.type !== 'inbound-rtp') return;
        bytesReceived += entry.bytesReceived ?? 0;
        packetsReceived += entry.packetsReceived ?? 0;
      });
    }
    return { remoteAudioTracks: tracks.length, bytesReceived, packetsReceived, audioLevel: this.peakLevel() };
  }

  private wire(room: Room): void {
    const changed = () => {
      if (this.room === room) this.scheduleEmit();
    };
    room
      .on(RoomEvent.ConnectionStateChanged, changed)
      .on(RoomEvent.ParticipantConnected, changed)
      .on(RoomEvent.ParticipantDisconnected, changed)
      .on(RoomEvent.ActiveSpeakersChanged, changed)
      .on(RoomEvent.ParticipantPermissionsChanged, changed)
      .on(RoomEvent.ParticipantNameChanged, changed)
      .on(RoomEvent.TrackPublished, changed)
      .on(RoomEvent.TrackUnpublished, changed)
      .on(RoomEvent.TrackSubscribed, (track) => {
        if (this.room === room) this.attach(track);
        changed();
      })
      .on(RoomEvent.TrackUnsubscribed, (track) => {
        this.detach(track);
        changed();
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (this.room !== room) return; // a disconnect we asked for
        this.cleanup();
        this.endedReason = describeDisconnect(reason);
        this.emitNow();
      });
  }

  private attach(track: RemoteTrack): void {
    if (track.kind !== Track.Kind.Audio) return;
    const element = track.attach();
    element.dataset.trackSid = track.sid ?? '';
    this.options.audioContainer.append(element);
    this.audioContext ??= new AudioContext();
    void this.audioContext.resume().catch(() => undefined);
    const source = this.audioContext.createMediaStreamSource(new MediaStream([track.mediaStreamTrack]));
    const analyser = this.audioContext.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    this.meters.set(track.sid ?? track.mediaStreamTrack.id, { source, analyser });
  }

  private detach(track: RemoteTrack): void {
    for (const element of track.detach()) element.remove();
    const key = track.sid ?? track.mediaStreamTrack.id;
    const meter = this.meters.get(key);
    if (meter) {
      meter.source.disconnect();
      this.meters.delete(key);
    }
  }

  private peakLevel(): number {
    let peak = 0;
    for (const { analyser } of this.meters.values()) {
      const samples = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      peak = Math.max(peak, Math.sqrt(sum / samples.length));
    }
    return peak;
  }

  /** Forgets the current room (its listeners stay attached but are ignored) and releases audio. */
  private cleanup(): void {
    const room = this.room;
    this.room = null;
    this.roomId = null;
    if (room) {
      for (const participant of room.remoteParticipants.values()) {
        for (const publication of participant.audioTrackPublications.values()) {
          if (publication.track) this.detach(publication.track);
        }
      }
    }
    for (const meter of this.meters.values()) meter.source.disconnect();
    this.meters.clear();
    this.options.audioContainer.replaceChildren();
  }

  private scheduleEmit(): void {
    if (this.emitTimer !== null) return;
    this.emitTimer = setTimeout(() => this.emitNow(), EMIT_DELAY_MS);
  }

  private emitNow(): void {
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.options.onChange(this.snapshot());
  }
}
