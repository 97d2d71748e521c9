/**
 * LiveKit's webhooks keep rooms' state and counts current: room_started / room_finished move a room
 * to live / ended, participant_joined / participant_left update who is in it, and a banned account
 * that gets in anyway (with a token issued before its ban) is removed again at once. Events are
 * verified (signature over the body, with the API secret) before anything changes.
 */
import { type WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import { ApiError } from './api-error.ts';
import type { Database } from './db/database.ts';
import type { RoomEventBus } from './events/room-events.ts';
import type { LiveKitRooms } from './livekit-rooms.ts';
import { roomIdPattern } from './random-id.ts';
import type { StoredRoom } from './store/rooms-store.ts';
import { createStores } from './store/stores.ts';

export interface WebhookDeps {
  db: Database;
  events: RoomEventBus;
  livekit: LiveKitRooms;
  credentials: { apiKey: string; apiSecret: string };
  now: () => Date;
}

const eventTime = (event: WebhookEvent, fallback: Date) =>
  event.createdAt ? new Date(Number(event.createdAt) * 1000) : fallback;

/** LiveKit's own defaults when a room was created without timeouts. */
const DEFAULT_DEPARTURE_TIMEOUT_S = 20;
/** Webhook times have a one-second resolution, and LiveKit checks its timeouts periodically. */
const TIMEOUT_SLACK_MS = 5_000;

/**
 * Whether LiveKit closed the room because it was left empty (its departure timeout after the last
 * participant left, or its empty timeout when nobody came), or because its host deleted it; rather
 * than because the server went away under it (a restart closes every room at once, full or not).
 */
function closedOnItsOwn(room: StoredRoom, event: WebhookEvent, at: Date): boolean {
  const timeouts = event.room;
  if (room.vacatedAt) {
    const departureMs = (timeouts?.departureTimeout || DEFAULT_DEPARTURE_TIMEOUT_S) * 1000;
    return at.getTime() - room.vacatedAt.getTime() >= departureMs - TIMEOUT_SLACK_MS;
  }
  if (room.listenerCount + room.speakerCount > 0 || !room.startedAt) return false;
  const emptyMs = (timeouts?.emptyTimeout ?? 0) * 1000;
  return emptyMs > 0 && at.getTime() - room.startedAt.getTime() >= emptyMs - TIMEOUT_SLACK_MS;
}

export function createLiveKitWebhooks(deps: WebhookDeps) {
  const receiver = new WebhookReceiver(deps.credentials.apiKey, deps.credentials.apiSecret);
  const stores = createStores(deps.db);

  async function apply(event: WebhookEvent): Promise<void> {
    const roomId = event.room?.name;
    if (!roomId || !roomIdPattern.test(roomId)) return;
    const room = await stores.rooms.get(roomId);
    if (!room) return;
    const publish = (type: 'room.live' | 'room.ended' | 'room.counts') =>
      deps.events.publish({ type, roomId, hostId: room.hostId });

    switch (event.event) {
      case 'room_started':
        if (await stores.rooms.markLive(roomId, eventTime(event, deps.now()))) await publish('room.live');
        return;
      case 'room_finished': {
        const at = eventTime(event, deps.now());
        if (room.state === 'live' && !closedOnItsOwn(room, event, at)) {
          // LiveKit went away under the room (restart, shutdown): the room waits for its host.
          await stores.rooms.markMediaLost(roomId, at);
          await publish('room.counts');
          return;
        }
        if (await stores.rooms.markEnded(roomId, at)) await publish('room.ended');
        return;
      }
      case 'participant_joined': {
        const participant = event.participant;
        if (!participant || participant.permission?.hidden) return;
        const accountId = participant.identity.startsWith('u-') ? participant.identity.slice(2) : undefined;
        if (accountId && (await stores.roles.isBanned(roomId, accountId))) {
          await deps.livekit.remove(roomId, participant.identity, deps.now());
          return;
        }
        const isSpeaker = participant.permission?.canPublish ?? false;
        if (await stores.rooms.upsertParticipant(roomId, participant.identity, isSpeaker))
          await publish('room.counts');
        return;
      }
      case 'participant_left':
      case 'participant_connection_aborted': {
        const identity = event.participant?.identity;
        if (identity && (await stores.rooms.removeParticipant(roomId, identity)))
          await publish('room.counts');
        return;
      }
      default:
        return;
    }
  }

  return {
    /** Verifies and applies one webhook; 401 `invalid_webhook` when it is not signed by our LiveKit. */
    async receive(body: string, authorization: string | undefined): Promise<void> {
      let event: WebhookEvent;
      try {
        if (!authorization) throw new Error('unsigned');
        event = await receiver.receive(body, authorization);
      } catch {
        throw new ApiError(401, 'invalid_webhook', 'The webhook is not signed by this LiveKit server');
      }
      await apply(event);
    },
  };
}

export type LiveKitWebhooks = ReturnType<typeof createLiveKitWebhooks>;
