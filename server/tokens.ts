/** LiveKit access tokens, with the least privilege each role needs. */
import { AccessToken, TrackSource, type VideoGrant } from 'livekit-server-sdk';

export type RoomRole = 'host' | 'listener';

/** How long a token may be used to join. Connected participants get refreshed tokens from LiveKit. */
const tokenTtlSeconds: Record<RoomRole, number> = {
  host: 4 * 60 * 60,
  listener: 60 * 60,
};

/** The video grant of a role, scoped to one room. */
export function grantForRole(role: RoomRole, roomId: string): VideoGrant {
  const common = {
    room: roomId,
    roomJoin: true,
    canSubscribe: true,
    canUpdateOwnMetadata: false,
  } satisfies VideoGrant;
  if (role === 'host') {
    return { ...common, canPublish: true, canPublishSources: [TrackSource.MICROPHONE], canPublishData: true };
  }
  return { ...common, canPublish: false, canPublishData: false };
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
