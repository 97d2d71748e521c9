/** The rooms service's view of LiveKit: rooms to create and delete, and who is in them. */
import { ParticipantInfo_State, RoomServiceClient, ServerError } from 'livekit-server-sdk';

export interface RoomPresence {
  /** Participants allowed to publish (hosts, later invited speakers). */
  speakerCount: number;
  /** Everyone else. */
  listenerCount: number;
}

export interface LiveKitRooms {
  create(roomId: string): Promise<void>;
  /** Deletes the room and disconnects everyone in it; a room LiveKit does not have counts as deleted. */
  delete(roomId: string): Promise<void>;
  /** Presence in those of `roomIds` that LiveKit has; rooms it does not have are missing from the map. */
  presence(roomIds: readonly string[]): Promise<Map<string, RoomPresence>>;
}

/** LiveKit could not be reached, or failed on its side. */
export class LiveKitUnavailableError extends Error {
  constructor(operation: string, cause: unknown) {
    super(`LiveKit ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'LiveKitUnavailableError';
  }
}

export interface LiveKitRoomsOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Seconds a LiveKit room stays open with nobody in it. */
  emptyTimeoutSeconds?: number;
  /** Seconds a LiveKit room stays open after the last participant left (lets a host reconnect). */
  departureTimeoutSeconds?: number;
  /** Seconds before a LiveKit API call gives up. */
  requestTimeoutSeconds?: number;
}

const isNotFound = (error: unknown) => error instanceof ServerError && error.status === 404;

export function createLiveKitRooms(options: LiveKitRoomsOptions): LiveKitRooms {
  const client = new RoomServiceClient(options.url, options.apiKey, options.apiSecret, {
    requestTimeout: options.requestTimeoutSeconds ?? 3,
    failover: false,
  });

  async function call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw new LiveKitUnavailableError(operation, error);
    }
  }

  /** Undefined when the room closed in the meantime. */
  async function presenceIn(roomId: string): Promise<RoomPresence | undefined> {
    let participants: Awaited<ReturnType<RoomServiceClient['listParticipants']>>;
    try {
      participants = await client.listParticipants(roomId);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const present = participants.filter(
      (p) =>
        p.state !== ParticipantInfo_State.DISCONNECTED && !p.permission?.hidden && !p.permission?.recorder,
    );
    const speakerCount = present.filter((p) => p.permission?.canPublish).length;
    return { speakerCount, listenerCount: present.length - speakerCount };
  }

  return {
    async create(roomId) {
      await call('create room', () =>
        client.createRoom({
          name: roomId,
          emptyTimeout: options.emptyTimeoutSeconds ?? 600,
          departureTimeout: options.departureTimeoutSeconds ?? 120,
        }),
      );
    },

    async delete(roomId) {
      try {
        await client.deleteRoom(roomId);
      } catch (error) {
        if (!isNotFound(error)) throw new LiveKitUnavailableError('delete room', error);
      }
    },

    async presence(roomIds) {
      if (roomIds.length === 0) return new Map();
      const rooms = await call('list rooms', () => client.listRooms([...roomIds]));
      const presences = await call('list participants', () =>
        Promise.all(rooms.map((room) => presenceIn(room.name))),
      );
      const result = new Map<string, RoomPresence>();
      rooms.forEach((room, index) => {
        const presence = presences[index];
        if (presence) result.set(room.name, presence);
      });
      return result;
    },
  };
}
