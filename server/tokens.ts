/** LiveKit access tokens and live permission changes, with the least privilege each role needs. */
import { AccessToken, type ParticipantPermission, TrackSource, type VideoGrant } from 'livekit-server-sdk';
import { type RoomRole, STAGE_ROLES_ON_STAGE } from '../wire/roles.ts';

export interface ParticipantGrant {
  role: RoomRole;
}

/** How long a token may be used to join. Connected participants get refreshed tokens from LiveKit. */
const tokenTtlSeconds: Record<RoomRole, number> = {
  host: 4 * 60 * 60,
  cohost: 4 * 60 * 60,
  speaker: 4 * 60 * 60,
  listener: 60 * 60,
};

export const canSpeak = (role: RoomRole) => STAGE_ROLES_ON_STAGE.includes(role);

/** The video grant of a role, scoped to one room. Nobody may update their own metadata or be admin. */
export function grantForRole(role: RoomRole, roomId: string): VideoGrant {
  const common = {
    room: roomId,
    roomJoin: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
  } satisfies VideoGrant;
  if (canSpeak(role)) {
    return { ...common, canPublish: true, canPublishSources: [TrackSource.MICROPHONE], canPublishData: true };
  }
  // Listeners raise hands through the HTTP API, so they need no data channel either.
  return { ...common, canPublish: false, canPublishData: false };
}

/** The same permissions as `grantForRole`, for RoomServiceClient.updateParticipant (set as a whole). */
export function participantPermission(role: RoomRole): Partial<ParticipantPermission> {
  const speaks = canSpeak(role);
  return {
    canSubscribe: true,
    canPublish: speaks,
    canPublishData: speaks,
    canPublishSources: speaks ? [TrackSource.MICROPHONE] : [],
    canUpdateMetadata: false,
    hidden: false,
  };
}

export interface TokenRequest {
  role: RoomRole;
  roomId: string;
  identity: string;
  /** Display name shown to others in the room. */
  name: string;
}

export interface TokenIssuer {
  issue(request: TokenRequest): Promise<string>;
}

export function createTokenIssuer(credentials: { apiKey: string; apiSecret: string }): TokenIssuer {
  return {
    issue({ role, roomId, identity, name }) {
      const token = new AccessToken(credentials.apiKey, credentials.apiSecret, {
        identity,
        name,
        ttl: tokenTtlSeconds[role],
        attributes: { role },
      });
      token.addGrant(grantForRole(role, roomId));
      return token.toJwt();
    },
  };
}
