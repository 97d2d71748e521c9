/** LiveKit access tokens and live permission changes, with the least privilege each role needs. */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import {
  type ParticipantPermission,
  TrackSource,
  trackSourceToString,
  type VideoGrant,
} from 'livekit-server-sdk';
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

const base64url = (text: string) => Buffer.from(text).toString('base64url');
/** `{"alg":"HS256"}`: the protected header livekit-server-sdk's AccessToken writes. */
const HS256_HEADER = base64url(JSON.stringify({ alg: 'HS256' }));

/** A token's claims in the order and shape AccessToken.toJwt writes them (see tokens.test.ts). */
function claimsOf({ role, roomId, identity, name }: TokenRequest, apiKey: string, nowSeconds: number) {
  const video = grantForRole(role, roomId);
  return {
    attributes: { role },
    // AccessToken leaves an empty name out.
    ...(name ? { name } : {}),
    video: video.canPublishSources
      ? { ...video, canPublishSources: video.canPublishSources.map(trackSourceToString) }
      : video,
    iss: apiKey,
    exp: nowSeconds + tokenTtlSeconds[role],
    nbf: nowSeconds,
    sub: identity,
  };
}

/**
 * Signs the same HS256 JWT as livekit-server-sdk's `AccessToken` (same header, claims and order), with
 * node:crypto's HMAC and a key imported once: AccessToken goes through jose, which re-imports the secret
 * and validates every step on each call, a tenth of a join's CPU.
 */
export function createTokenIssuer(credentials: { apiKey: string; apiSecret: string }): TokenIssuer {
  const key: KeyObject = createSecretKey(Buffer.from(credentials.apiSecret));
  return {
    async issue(request) {
      const nowSeconds = Math.floor(Date.now() / 1000);
      const unsigned = `${HS256_HEADER}.${base64url(JSON.stringify(claimsOf(request, credentials.apiKey, nowSeconds)))}`;
      return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
    },
  };
}
