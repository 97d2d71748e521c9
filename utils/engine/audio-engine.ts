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
import * as v from 'valibot';
import { createReactionLimiter, REACTION_TOPIC } from '@/wire/reactions';
import { ROOM_ROLES, type RoomRole } from '@/wire/roles';
import {
  type ConnectionStatus,
  type EngineSnapshot,
  type EngineStats,
  IDLE_SNAPSHOT,
  type JoinTiming,
  type LocalParticipantState,
  type Reaction,
  type StageParticipant,
} from '../protocol/session-state';
import { ReactionSchema } from '../protocol/shapes';
import { epochNow, watchFirstAudio } from './first-audio';
import { InboundAudioClock } from './inbound-audio-clock';
import { receiverTotals, remoteAudioTracks } from './receiver-totals';
import { watchReconnecting } from './reconnect-watch';

export interface AudioEngineOptions {
  /** Called (coalesced) whenever the snapshot changes. */
  onChange(snapshot: EngineSnapshot): void;
  /** Where remote `<audio>` elements are attached. */
  audioContainer: HTMLElement;
  /** Called when someone reacts (already validated and rate-limited per sender). */
  onReaction?(roomId: string, reaction: Reaction): void;
  /** Builds the LiveKit room; tests and benchmarks may tune options. */
  createRoom?: () => Room;
  /** How long LiveKit may try to resume by itself before the engine leaves the room as lost (ms). */
  reconnectGraceMs?: number;
}

/** See reconnect-watch.ts: LiveKit's own resume gets this long while audio still flows. */
const RECONNECT_GRACE_MS = 3_000;
/** Audio silent this long while LiveKit reconnects: the media path is dead too, give up. */
const STALLED_MS = 700;
/**
 * Audio that flowed and stopped this long while connected: send LiveKit a ping. In a healthy quiet room
 * (a host who stopped sending, a muted one) the room's node answers and nothing happens. When the node
 * holding the room died and we signal through another node, that node cannot relay the ping and should
 * drop us within its relay timeout (scripts/lib/livekit-cluster.ts), so LiveKit starts reconnecting (and
 * the watch above gives up) instead of waiting for its own next ping, up to 5 s later.
 */
const PROBE_AFTER_SILENT_MS = 1_000;
/** How often inbound audio counters are read while in a room. */
const INBOUND_SAMPLE_MS = 250;

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

/** The role the rooms service gave this participant (token attribute), checked against what LiveKit allows. */
function roleOf(p: Participant): RoomRole {
  const claimed = p.attributes.role as RoomRole | undefined;
  const onStage = isOnStage(p);
  if (claimed && ROOM_ROLES.includes(claimed) && (claimed === 'listener') === !onStage) return claimed;
  return onStage ? 'speaker' : 'listener';
}

/** Reads a microphone error as something a person can act on. */
export function describeMicrophoneError(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'microphone_blocked';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'microphone_missing';
  if (/permission|not allowed|insufficient/i.test(message)) return 'not_allowed_to_speak';
  return message;
}

interface LevelMeter {
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
}

const EMIT_DELAY_MS = 50;

/** Room events after which the snapshot may read differently. */
const SNAPSHOT_EVENTS = [
  RoomEvent.ConnectionStateChanged,
  RoomEvent.ParticipantConnected,
  RoomEvent.ParticipantDisconnected,
  RoomEvent.ActiveSpeakersChanged,
  RoomEvent.ParticipantPermissionsChanged,
  RoomEvent.ParticipantNameChanged,
  RoomEvent.ParticipantAttributesChanged,
  RoomEvent.TrackPublished,
  RoomEvent.TrackUnpublished,
  RoomEvent.TrackMuted,
  RoomEvent.TrackUnmuted,
  RoomEvent.LocalTrackPublished,
  RoomEvent.LocalTrackUnpublished,
] as const;

export class AudioEngine {
  private room: Room | null = null;
  private roomId: string | null = null;
  private endedReason: string | null = null;
  private audioContext: AudioContext | null = null;
  private readonly meters = new Map<string, LevelMeter>();
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly reactionAllowed = createReactionLimiter();
  private stopWatching: (() => void) | null = null;
  /** Set while `connect()` waits for LiveKit: the views already show Joining, and its answer carries the snapshot. */
  private connecting = false;
  private joinTiming: JoinTiming | null = null;
  /** A room built before the join (its code run once, its connection prepared): the next connect() uses it. */
  private spareRoom: Room | null = null;
  private preparedUrl: string | null = null;

  constructor(private readonly options: AudioEngineOptions) {}

  private newRoom(): Room {
    return this.options.createRoom?.() ?? new Room({ adaptiveStream: false, dynacast: false });
  }

  /**
   * Starts what a first join in a new document would otherwise wait for: the join's Room (livekit-client's
   * constructors run once before the click), then the audio device and WebRTC's machinery (the first peer
   * connection of a process sets up its threads and codecs). Called when the document opens, which the popup
   * asks for before the user clicks Join. The second step is a task of its own, skipped when a join's command
   * came first: the command does not wait behind it, and the join sets up the same things itself.
   * The audio device starts with the spare room's own AudioContext (startAudio()), the one its connect() would
   * otherwise create while the join waits.
   */
  prewarm(): void {
    try {
      this.spareRoom ??= this.newRoom();
    } catch {}
    setTimeout(() => {
      if (this.room) return;
      try {
        if (this.spareRoom) void this.spareRoom.startAudio().catch(() => undefined);
        else this.audioContext ??= new AudioContext();
        const pc = new RTCPeerConnection();
        pc.addTransceiver('audio', { direction: 'recvonly' });
        void pc
          .createOffer()
          .catch(() => undefined)
          .finally(() => pc.close());
      } catch {}
    }, 0);
  }

  /**
   * Opens the way to the LiveKit server at `url` before a join needs it (livekit-client's prepareConnection:
   * DNS, TCP and TLS, so the join's WebSocket resumes a TLS session). Answers at once.
   */
  prepare(url: string): void {
    if (this.room || this.preparedUrl === url) return; // the popup may ask twice as it opens
    this.preparedUrl = url;
    this.spareRoom ??= this.newRoom();
    void this.spareRoom.prepareConnection(url).catch(() => undefined);
  }

  /** Joins `roomId`, leaving any room the engine was in. Resolves once connected. */
  async connect(roomId: string, url: string, token: string): Promise<EngineSnapshot> {
    await this.disconnect();
    const timing: JoinTiming = { commandAt: epochNow() };
    this.joinTiming = timing;
    const room = this.spareRoom ?? this.newRoom();
    this.spareRoom = null;
    this.room = room;
    this.roomId = roomId;
    this.endedReason = null;
    this.wire(room);
    room.once(RoomEvent.SignalConnected, () => {
      timing.signalConnectedAt = epochNow();
    });
    this.connecting = true;
    try {
      // livekit-client's connect() makes the room's AudioContext (the audio device) unless prewarm() did; the
      // engine's own, for level meters only, waits until a level is asked for.
      await room.connect(url, token, { autoSubscribe: true });
    } catch (error) {
      if (this.room === room) this.cleanup();
      this.emitNow();
      throw error;
    } finally {
      this.connecting = false;
    }
    timing.connectedAt = epochNow();
    if (this.room === room) this.watchHealth(room, timing);
    // Playback may need an explicit start where autoplay is restricted; the offscreen document allows it, so
    // the answer does not wait for it.
    void room.startAudio().catch(() => undefined);
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
        isMuted: !p.isMicrophoneEnabled,
        role: roleOf(p),
      }))
      .sort((a, b) => a.identity.localeCompare(b.identity));
    const me = room.localParticipant;
    const local: LocalParticipantState | null = me.identity
      ? {
          identity: me.identity,
          role: roleOf(me),
          canPublish: me.permissions?.canPublish === true,
          micEnabled: me.isMicrophoneEnabled,
        }
      : null;
    return {
      status: statusOf(room.state),
      roomId: this.roomId,
      speakers,
      listenerCount: everyone.length - speakers.length,
      local,
      endedReason: null,
    };
  }

  /**
   * Publishes or mutes the microphone. Nothing is checked here on purpose: LiveKit decides, from the token
   * and the host's permission updates, whether this participant may publish.
   */
  async setMicrophone(enabled: boolean, deviceId?: string): Promise<EngineSnapshot> {
    const room = this.room;
    if (!room) throw new Error('Not in a room');
    try {
      await room.localParticipant.setMicrophoneEnabled(enabled, deviceId ? { deviceId } : undefined);
    } catch (error) {
      this.emitNow();
      throw new Error(describeMicrophoneError(error));
    }
    this.emitNow();
    return this.snapshot();
  }

  /** What audio is arriving right now: RTP counters from WebRTC and the decoded level. */
  async stats(): Promise<EngineStats> {
    const tracks = remoteAudioTracks(this.room);
    const totals = await receiverTotals(tracks);
    const join = this.room && this.joinTiming ? { join: { ...this.joinTiming } } : {};
    return { remoteAudioTracks: tracks.length, ...totals, audioLevel: this.peakLevel(tracks), ...join };
  }

  /**
   * From the moment `room` connected: notes when its first audio arrives, samples inbound audio once it has,
   * and leaves the room as lost when LiveKit's own reconnection does not get back quickly (reconnect-watch.ts);
   * the background then rejoins with a fresh grant.
   */
  private watchHealth(room: Room, timing: JoinTiming): void {
    this.stopWatching?.();
    const inbound = new InboundAudioClock();
    let probed = false;
    let sampler: ReturnType<typeof setInterval> | undefined;
    // Before any audio the samples could tell nothing (silence is only measured after audio flowed).
    const sample = () => {
      void receiverTotals(remoteAudioTracks(room)).then(({ packetsReceived: total }) => {
        inbound.sample(total);
        const silent = inbound.silentForMs();
        if (silent < PROBE_AFTER_SILENT_MS) probed = false;
        else if (!probed && Number.isFinite(silent) && room.state === ConnectionState.Connected) {
          probed = true;
          void room.engine.client.sendPing().catch(() => undefined);
        }
      });
    };
    const stopFirstAudio = watchFirstAudio(room, (at) => {
      timing.firstAudioAt = at;
      sample();
      sampler = setInterval(sample, INBOUND_SAMPLE_MS);
    });
    const unwatch = watchReconnecting(room, {
      graceMs: this.options.reconnectGraceMs ?? RECONNECT_GRACE_MS,
      stalledMs: STALLED_MS,
      audioSilentForMs: () => inbound.silentForMs(),
      giveUp: () => this.abandon(room),
    });
    this.stopWatching = () => {
      stopFirstAudio();
      clearInterval(sampler);
      unwatch();
      this.stopWatching = null;
    };
  }

  /** LiveKit did not get back into `room` in time: leave it as lost, so the background rejoins through the service. */
  private abandon(room: Room): void {
    if (this.room !== room) return;
    this.cleanup();
    this.endedReason = 'connection_lost';
    this.emitNow();
    void room.disconnect(true).catch(() => undefined);
  }

  private wire(room: Room): void {
    const changed = () => {
      if (this.room === room) this.scheduleEmit();
    };
    for (const event of SNAPSHOT_EVENTS) room.on(event, changed);
    room
      .on(RoomEvent.DataReceived, (payload, participant, _kind, topic) => {
        // Only the rooms service (no participant) sends reactions; it names the sender.
        if (this.room !== room || topic !== REACTION_TOPIC || participant) return;
        this.receiveReaction(payload);
      })
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

  private receiveReaction(payload: Uint8Array): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(payload));
    } catch {
      return;
    }
    const reaction = v.safeParse(ReactionSchema, parsed);
    if (!reaction.success || !this.roomId || !this.reactionAllowed(reaction.output.identity)) return;
    this.options.onReaction?.(this.roomId, reaction.output);
  }

  private attach(track: RemoteTrack): void {
    if (track.kind !== Track.Kind.Audio) return;
    const element = track.attach();
    element.dataset.trackSid = track.sid ?? '';
    this.options.audioContainer.append(element);
  }

  /**
   * `track`'s level meter, built the first time a level is asked for rather than when the track arrives:
   * a join's first audio does not wait for it, and most rooms are never measured (only stats() asks).
   */
  private meterOf(track: RemoteAudioTrack): LevelMeter | undefined {
    const key = track.sid ?? track.mediaStreamTrack.id;
    const built = this.meters.get(key);
    if (built) return built;
    try {
      this.audioContext ??= new AudioContext();
    } catch {
      return undefined;
    }
    void this.audioContext.resume().catch(() => undefined);
    const source = this.audioContext.createMediaStreamSource(new MediaStream([track.mediaStreamTrack]));
    const analyser = this.audioContext.createAnalyser();
    analyser.fftSize = 2048;
    source.connect(analyser);
    const meter = { source, analyser };
    this.meters.set(key, meter);
    return meter;
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

  private peakLevel(tracks: RemoteAudioTrack[]): number {
    let peak = 0;
    for (const track of tracks) {
      const analyser = this.meterOf(track)?.analyser;
      if (!analyser) continue;
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
    this.stopWatching?.();
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
    if (this.emitTimer !== null || this.connecting) return;
    this.emitTimer = setTimeout(() => this.emitNow(), EMIT_DELAY_MS);
  }

  private emitNow(): void {
    if (this.emitTimer !== null) clearTimeout(this.emitTimer);
    this.emitTimer = null;
    this.options.onChange(this.snapshot());
  }
}
