/**
 * `Idempotency-Key` on POST /v1/rooms: the one non-idempotent call a host makes that a client must be able
 * to retry (an instance killed after making the room but before answering). The first request with a key
 * claims it with the room id it is about to use; a retry (on any instance) finds the claim and answers
 * with that room; a request racing the first waits for its room. A request that fails before its room
 * exists gives the key back, so the retry makes the room.
 */
import { ApiError } from '../api-error.ts';
import type { Database } from '../db/database.ts';

/** Keys are kept this long: a client retries for seconds, not days. */
const KEPT_FOR = '1 day';
/** How long a racing request waits for the first one's room before giving up with 409. */
const WAIT_FOR_ROOM_MS = 10_000;
const KEY_PATTERN = /^[A-Za-z0-9_-]{8,100}$/;

export const idempotencyKeyInvalid = () =>
  new ApiError(400, 'invalid_body', 'Idempotency-Key must be 8 to 100 letters, digits, - or _');

/** The header's value checked; undefined without the header. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) throw idempotencyKeyInvalid();
  return header;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createRoomCreationKeys(db: Database) {
  async function claimedRoom(hostId: string, key: string): Promise<string | undefined> {
    const rows = await db.query<{ room_id: string }>(
      `SELECT room_id FROM room_creation_keys
       WHERE host_id = $1 AND idempotency_key = $2 AND created_at > now() - interval '${KEPT_FOR}'`,
      [hostId, key],
    );
    return rows[0]?.room_id;
  }

  return {
    /** The room an earlier request with this key made (or is making), if any. */
    claimedRoom,

    /**
     * Claims `key` for `roomId`. Returns undefined when claimed now, else the room id of the request
     * that holds the key.
     */
    async claim(hostId: string, key: string, roomId: string): Promise<string | undefined> {
      // Expired keys of this host go first, so a key may be reused after KEPT_FOR.
      await db.query(
        `DELETE FROM room_creation_keys WHERE host_id = $1 AND created_at <= now() - interval '${KEPT_FOR}'`,
        [hostId],
      );
      const claimed = await db.query(
        `INSERT INTO room_creation_keys (host_id, idempotency_key, room_id) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING room_id`,
        [hostId, key, roomId],
      );
      if (claimed.length > 0) return undefined;
      return claimedRoom(hostId, key);
    },

    /** The request holding the key failed before its room existed: a retry may make it. */
    async release(hostId: string, key: string, roomId: string): Promise<void> {
      await db.query(
        'DELETE FROM room_creation_keys WHERE host_id = $1 AND idempotency_key = $2 AND room_id = $3',
        [hostId, key, roomId],
      );
    },

    /** Waits (briefly) for a room another request is making; 409 if it does not appear. */
    async awaitRoom<T>(find: () => Promise<T | undefined>): Promise<T> {
      const deadline = Date.now() + WAIT_FOR_ROOM_MS;
      for (let delay = 20; Date.now() < deadline; delay = Math.min(delay * 2, 500)) {
        const found = await find();
        if (found !== undefined) return found;
        await sleep(delay);
      }
      throw new ApiError(
        409,
        'request_in_progress',
        'A request with this Idempotency-Key is still being processed; try again shortly',
      );
    },
  };
}

export type RoomCreationKeys = ReturnType<typeof createRoomCreationKeys>;
