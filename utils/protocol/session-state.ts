/** What the extension knows about the room the user is in. Shared by the engine, the background and every view. */

export type ConnectionStatus = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'error';

export type RoomState = 'scheduled' | 'live' | 'ended';

export interface RoomSummary {
  id: string;
  title: string;
  hostName: string;
  listenerCount: number;
  speakerCount: number;
  /** ISO time it went live; null for a scheduled room. */
  startedAt: string | null;
  /** Fields the full rooms service adds; absent from older services. */
  state?: RoomState;
  hostUsername?: string;
  description?: string;
  scheduledFor?: string | null;
  shareUrl?: string;
}

export interface Directory {
  live: RoomSummary[];
  upcoming: RoomSummary[];
}

export interface FeedLookupResult {
  /** Rooms linked from posts (unknown ids left out). */
  rooms: RoomSummary[];
  /** Post authors who host a live room right now. */
  liveHosts: Array<{ site: 'x' | 'bsky' | 'mastodon'; handle: string; room: RoomSummary }>;
}

/** Everyone live now on one feed site (`feed:live-hosts`): handles as the service stores them, lower case, no @. */
export type LiveHosts = {
  /** Most listeners first; each with their busiest live room. */
  hosts: Array<{ handle: string; room: RoomSummary }>;
  /** The service listed only the first ones (it caps the list). */
  truncated: boolean;
};

export type StageRole = 'host' | 'cohost' | 'speaker' | 'listener';
export const STAGE_ROLES: readonly StageRole[] = ['host', 'cohost', 'speaker', 'listener'];

export interface StageParticipant {
  identity: string;
  name: string;
  isSpeaking: boolean;
  isLocal: boolean;
  /** Their microphone is published but muted (or not published yet). */
  isMuted: boolean;
  role: StageRole;
}

/** This browser's own place in the room. */
export interface LocalParticipantState {
  identity: string;
  role: StageRole;
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

/** The session every view renders: the engine's snapshot plus what the background knows of the room. */
export interface SessionState extends EngineSnapshot {
  room: { id: string; title: string; hostName: string; hostUsername?: string; shareUrl?: string } | null;
  error: string | null;
  /** This listener asked to speak and has not been answered yet. */
  handRaised: boolean;
}

export const IDLE_SNAPSHOT: EngineSnapshot = {
  status: 'idle',
  roomId: null,
  speakers: [],
  listenerCount: 0,
  local: null,
  endedReason: null,
};

export const IDLE_SESSION: SessionState = { ...IDLE_SNAPSHOT, room: null, error: null, handRaised: false };

/** What views show the moment the user clicks Join, before the background answers. */
export function joiningSession(room: Pick<RoomSummary, 'id' | 'title' | 'hostName'>): SessionState {
  return {
    ...IDLE_SESSION,
    status: 'joining',
    roomId: room.id,
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
}

/** What the feed content script needs to know of the settings (it cannot read extension storage). */
export interface FeedConfig {
  serviceUrl: string;
}

/** The signed-in account as views see it: the profile, never the token. */
export interface AccountState {
  profile: import('@/wire/accounts').Profile | null;
}
