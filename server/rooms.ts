/** What the API does with rooms, independent of HTTP: create, list, listen, end. */
import { ApiError, roomNotFound } from './api-error.ts';
import { type LiveKitRooms, LiveKitUnavailableError, type RoomPresence } from './livekit-rooms.ts';
import { newParticipantIdentity, newRoomId, roomIdPattern } from './random-id.ts';
import type { RoomStore, StoredRoom } from './room-store.ts';
import type { TokenIssuer } from './tokens.ts';

export interface RoomSummary {
  id: string;
  title: string;
  hostName: string;
  listenerCount: number;
  speakerCount: number;
  /** ISO 8601 */
  startedAt: string;
}

/** What a client needs to join a room in LiveKit. */
export interface JoinGrant {
  /** LiveKit WebSocket URL */
  url: string;
  token: string;
  identity: string;
}

export interface CreatedRoom {
  room: RoomSummary;
  host: JoinGrant;
}

export interface ListenerGrant extends JoinGrant {
  room: RoomSummary;
}

export interface RoomsDeps {
  store: RoomStore;
  livekit: LiveKitRooms;
  tokens: TokenIssuer;
  /** The LiveKit URL given to clients. */
  livekitUrl: string;
  now?: () => Date;
}

export interface Rooms {
  /** Live rooms, most listeners first. */
  list(): Promise<RoomSummary[]>;
  create(input: { title: string; hostName?: string }): Promise<CreatedRoom>;
  listen(roomId: string, input: { name?: string }): Promise<ListenerGrant>;
  end(roomId: string): Promise<void>;
}

const DEFAULT_HOST_NAME = 'Host';
const DEFAULT_LISTENER_NAME = 'Listener';
const nobody: RoomPresence = { speakerCount: 0, listenerCount: 0 };

function summarize(room: StoredRoom, presence: RoomPresence): RoomSummary {
  return {
    id: room.id,
    title: room.title,
    hostName: room.hostName,
    listenerCount: presence.listenerCount,
    speakerCount: presence.speakerCount,
    startedAt: room.startedAt.toISOString(),
  };
}

function livekitUnavailable(error: LiveKitUnavailableError): ApiError {
  return new ApiError(503, 'livekit_unavailable', `The media server is unavailable: ${error.message}`);
}

export function createRooms(deps: RoomsDeps): Rooms {
  const now = deps.now ?? (() => new Date());

  /**
   * Presence of `rooms` in LiveKit; rooms LiveKit no longer has (it closed them, or restarted) are
   * ended here. Undefined when LiveKit cannot tell right now.
   */
  async function presenceOf(rooms: StoredRoom[]): Promise<Map<string, RoomPresence> | undefined> {
    let presence: Map<string, RoomPresence>;
    try {
      presence = await deps.livekit.presence(rooms.map((room) => room.id));
    } catch (error) {
      if (error instanceof LiveKitUnavailableError) return undefined;
      throw error;
    }
    const gone = rooms.filter((room) => !presence.has(room.id));
    await Promise.all(gone.map((room) => deps.store.markEnded(room.id, now())));
    return presence;
  }

  async function liveRoom(roomId: string): Promise<StoredRoom> {
    const room = roomIdPattern.test(roomId) ? await deps.store.getLive(roomId) : undefined;
    if (!room) throw roomNotFound(roomId);
    return room;
  }

  return {
    async list() {
      const rooms = await deps.store.listLive();
      if (rooms.length === 0) return [];
      const presence = await presenceOf(rooms);
      return rooms
        .filter((room) => !presence || presence.has(room.id))
        .map((room) => summarize(room, presence?.get(room.id) ?? nobody))
        .sort((a, b) => b.listenerCount - a.listenerCount || b.startedAt.localeCompare(a.startedAt));
    },

    async create({ title, hostName }) {
      const room: StoredRoom = {
        id: newRoomId(),
        title,
        hostName: hostName ?? DEFAULT_HOST_NAME,
        hostIdentity: newParticipantIdentity('host'),
        startedAt: now(),
      };
      try {
        await deps.livekit.create(room.id);
      } catch (error) {
        if (error instanceof LiveKitUnavailableError) throw livekitUnavailable(error);
        throw error;
      }
      const token = await deps.tokens.issue({
        role: 'host',
        roomId: room.id,
        identity: room.hostIdentity,
        name: room.hostName,
      });
      await deps.store.insert(room);
      return {
        room: summarize(room, nobody),
        host: { url: deps.livekitUrl, token, identity: room.hostIdentity },
      };
    },

    async listen(roomId, { name }) {
      const room = await liveRoom(roomId);
      const presence = await presenceOf([room]);
      if (presence && !presence.has(room.id)) throw roomNotFound(roomId);
      const identity = newParticipantIdentity('listener');
      const token = await deps.tokens.issue({
        role: 'listener',
        roomId: room.id,
        identity,
        name: name ?? DEFAULT_LISTENER_NAME,
      });
      return {
        url: deps.livekitUrl,
        token,
        identity,
        room: summarize(room, presence?.get(room.id) ?? nobody),
      };
    },

    async end(roomId) {
      const room = await liveRoom(roomId);
      try {
        await deps.livekit.delete(room.id);
      } catch (error) {
        if (error instanceof LiveKitUnavailableError) throw livekitUnavailable(error);
        throw error;
      }
      await deps.store.markEnded(room.id, now());
    },
  };
}
