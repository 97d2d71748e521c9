/** The rooms service's view of LiveKit: rooms to create and delete, and who is in them. */
import {
  DataPacket_Kind,
  ParticipantInfo_State,
  RoomServiceClient,
  ServerError,
  TrackSource,
  TrackType,
} from 'livekit-server-sdk';
import { type ParticipantGrant, participantPermission } from './tokens.ts';

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
  /** Which of `roomIds` LiveKit has (one ListRooms call, no participants listed). */
  holding(roomIds: readonly string[]): Promise<Set<string>>;
  /**
   * Changes what a connected participant may do, without a reconnect (LiveKit unpublishes their
   * tracks when publishing is taken away). False when they are not in the room.
   */
  setGrant(roomId: string, identity: string, grant: ParticipantGrant): Promise<boolean>;
  /** Mutes the participant's published microphone tracks. False when they are not in the room. */
  muteMicrophone(roomId: string, identity: string): Promise<boolean>;
  /**
   * Disconnects the participant and revokes the tokens they hold for this room (issued before now),
   * so they cannot rejoin with them. False when they were not in the room.
   */
  remove(roomId: string, identity: string, revokeTokensBefore: Date): Promise<boolean>;
  /** Sends a data message to everyone in the room, from the server (no participant), on `topic`. */
  broadcast(roomId: string, topic: string, payload: unknown): Promise<void>;
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

    async setGrant(roomId, identity, grant) {
      try {
        await client.updateParticipant(roomId, identity, {
          permission: participantPermission(grant.role),
          attributes: { role: grant.role },
        });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new LiveKitUnavailableError('update participant', error);
      }
    },

    async muteMicrophone(roomId, identity) {
      let participant: Awaited<ReturnType<RoomServiceClient['getParticipant']>>;
      try {
        participant = await client.getParticipant(roomId, identity);
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new LiveKitUnavailableError('get participant', error);
      }
      const microphones = participant.tracks.filter(
        (track) => track.type === TrackType.AUDIO && track.source === TrackSource.MICROPHONE && !track.muted,
      );
      await call('mute track', () =>
        Promise.all(microphones.map((track) => client.mutePublishedTrack(roomId, identity, track.sid, true))),
      );
      return true;
    },

    async remove(roomId, identity, revokeTokensBefore) {
      try {
        await client.removeParticipant(roomId, identity, {
          // Tokens carry nbf in whole seconds and LiveKit revokes those with nbf before this value:
          // the next second also covers tokens issued earlier in the current one.
          revokeTokenTs: BigInt(Math.floor(revokeTokensBefore.getTime() / 1000) + 1),
        });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw new LiveKitUnavailableError('remove participant', error);
      }
    },

    async broadcast(roomId, topic, payload) {
      const data = new TextEncoder().encode(JSON.stringify(payload));
      await call('send data', () => client.sendData(roomId, data, DataPacket_Kind.RELIABLE, { topic }));
    },

    async holding(roomIds) {
      if (roomIds.length === 0) return new Set();
      const rooms = await call('list rooms', () => client.listRooms([...roomIds]));
      return new Set(rooms.map((room) => room.name));
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
