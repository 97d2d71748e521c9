/** What the extension knows about the room the user is in. Shared by the engine, the background and every view. */
import type { Profile } from '@/wire/accounts';
import type { RoomRole } from '@/wire/roles';
import type { RoomSummary } from '@/wire/room-summary';
import type { FeedSite } from '@/wire/sites';

/** The extension's room summary is the rooms service's (wire/). */
export type { Directory, RoomState, RoomSummary } from '@/wire/room-summary';

export type ConnectionStatus = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'error';

export interface FeedLookupResult {
  /** Rooms linked from posts (unknown ids left out). */
  rooms: RoomSummary[];
  /** Post authors who host a live room right now. */
  liveHosts: Array<{ site: FeedSite; handle: string; room: RoomSummary }>;
}

/** Everyone live now on one feed site (`feed:live-hosts`): handles as the service stores them, lower case, no @. */
export type LiveHosts = {
  /** Most listeners first; each with their busiest live room. */
  hosts: Array<{ handle: string; room: RoomSummary }>;
  /** The service listed only the first ones (it caps the list). */
  truncated: boolean;
};

export interface StageParticipant {
  identity: string;
  name: string;
  isSpeaking: boolean;
  isLocal: boolean;
  /** Their microphone is published but muted (or not published yet). */
  isMuted: boolean;
  role: RoomRole;
}

/** This browser's own place in the room. */
export interface LocalParticipantState {
  identity: string;
  role: RoomRole;
  /** LiveKit lets this participant publish audio now. */
  canPublish: boolean;
  /** The microphone is published and unmuted. */
  micEnabled: boolean;
}

/** The engine's view of its LiveKit room. */
export interface EngineSnapshot {
  status: ConnectionStatus;
  roomId: string | null;
  /** People allowed to publish audio, in a stable order. */
  speakers: StageParticipant[];
  listenerCount: number;
  local: LocalParticipantState | null;
  /** Why the engine left the room on its own (room ended, removed, network), if it did. */
  endedReason: string | null;
}

/** The room the session is about, as the background knows it (the id is known first, the rest once joined). */
export interface SessionRoom {
  id: string;
  title: string;
  hostName: string;
  hostUsername?: string;
  shareUrl?: string;
}

/**
 * The session every view renders: the engine's snapshot (without its `roomId`: `room.id` is the one room id)
 * plus what the background knows of the room.
 */
export interface SessionState extends Omit<EngineSnapshot, 'roomId'> {
  room: SessionRoom | null;
  error: string | null;
  /** This listener asked to speak and has not been answered yet. */
  handRaised: boolean;
  /**
   * 'missing': the browser no longer lets the extension reach the chosen server (the user removed its site
   * access); views ask again. Absent otherwise. Set by the background (hub/server.ts), kept across room changes.
   */
  serverAccess?: 'missing';
}

export const IDLE_SNAPSHOT: EngineSnapshot = {
  status: 'idle',
  roomId: null,
  speakers: [],
  listenerCount: 0,
  local: null,
  endedReason: null,
};

export const IDLE_SESSION: SessionState = {
  status: 'idle',
  speakers: [],
  listenerCount: 0,
  local: null,
  endedReason: null,
  room: null,
  error: null,
  handRaised: false,
};

/** What views show the moment the user clicks Join, before the background answers. */
export function joiningSession(room: Pick<RoomSummary, 'id' | 'title' | 'hostName'>): SessionState {
  return {
    ...IDLE_SESSION,
    status: 'joining',
    room: { id: room.id, title: room.title, hostName: room.hostName },
  };
}

/** A reaction someone sent in the room; shown briefly on their avatar. */
export interface Reaction {
  identity: string;
  name: string;
  emoji: string;
}

/** Audio the engine is receiving, for diagnostics and tests. */
export interface EngineStats {
  remoteAudioTracks: number;
  bytesReceived: number;
  packetsReceived: number;
  /** Peak RMS level (0..1) of the remote audio over the last analysis window. */
  audioLevel: number;
  /** The network path of the first remote audio track's connection (its selected ICE candidate pair). */
  icePath?: IcePath;
  /** How the current room's join went (diagnostics, benchmarks). */
  join?: JoinTiming;
}

/**
 * Times of a join's steps in the engine, in ms since the epoch (`performance.timeOrigin + performance.now()`,
 * comparable across extension contexts); a step not reached yet is absent.
 */
export interface JoinTiming {
  /** The engine was asked to connect. */
  commandAt: number;
  /** LiveKit's signalling answered the join. */
  signalConnectedAt?: number;
  /** `Room.connect()` resolved. */
  connectedAt?: number;
  /** The first inbound audio RTP bytes were seen (getStats, from `connect()` on). */
  firstAudioAt?: number;
}

/** A selected ICE candidate pair: `relay` + `relayProtocol: 'tls'` is TURN/TLS; `host` + `tcp` is ICE over TCP. */
export interface IcePath {
  /** host, srflx, prflx or relay */
  localCandidateType: string;
  /** udp or tcp: how this end reaches the other (for a relay, the relayed leg) */
  protocol: string;
  /** For a relay candidate: how the browser reaches the TURN server (udp, tcp or tls). */
  relayProtocol?: string;
  remoteCandidateType: string;
  remotePort: number;
}

/** What the feed content script needs to know of the settings (it cannot read extension storage). */
export interface FeedConfig {
  serviceUrl: string;
}

/** The signed-in account as views see it: the profile, never the token. */
export interface AccountState {
  profile: Profile | null;
}
