/** The join's tokens are signed without jose: they must stay exactly what livekit-server-sdk's AccessToken signs. */
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenIssuer, grantForRole, type TokenRequest } from '../../server/tokens.ts';
import type { RoomRole } from '../../wire/roles.ts';

const credentials = { apiKey: 'APIkey123', apiSecret: 'a-secret-of-some-length-0123456789abcdef' };
const ttl: Record<RoomRole, number> = { host: 14_400, cohost: 14_400, speaker: 14_400, listener: 3_600 };

/** What AccessToken signs for the same request (the issuer's previous implementation). */
function accessToken({ role, roomId, identity, name }: TokenRequest): Promise<string> {
  const token = new AccessToken(credentials.apiKey, credentials.apiSecret, {
    identity,
    name,
    ttl: ttl[role],
    attributes: { role },
  });
  token.addGrant(grantForRole(role, roomId));
  return token.toJwt();
}

describe('LiveKit join tokens', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-27T23:30:00.750Z'));
  });
  afterEach(() => vi.useRealTimers());

  const requests: TokenRequest[] = [
    { role: 'host', roomId: 'Room000001', identity: 'acct_host', name: 'Host Name' },
    { role: 'cohost', roomId: 'Room000001', identity: 'acct_cohost', name: 'Co "host" ü' },
    { role: 'speaker', roomId: 'Room000002', identity: 'acct_speaker', name: 'Speaker' },
    { role: 'listener', roomId: 'Room000003', identity: 'guest_abc', name: 'Listener' },
    { role: 'listener', roomId: 'Room000003', identity: 'guest_def', name: '' },
  ];

  it.each(requests)('are byte for byte what AccessToken signs ($role, name "$name")', async (request) => {
    const issued = await createTokenIssuer(credentials).issue(request);
    expect(issued).toBe(await accessToken(request));
  });

  it('carry the role’s least grant, verified with TokenVerifier', async () => {
    const issuer = createTokenIssuer(credentials);
    const verifier = new TokenVerifier(credentials.apiKey, credentials.apiSecret);
    vi.useRealTimers();
    const listener = await verifier.verify(await issuer.issue(requests[3]!));
    expect(listener).toMatchObject({
      sub: 'guest_abc',
      iss: credentials.apiKey,
      name: 'Listener',
      attributes: { role: 'listener' },
      video: {
        room: 'Room000003',
        roomJoin: true,
        canSubscribe: true,
        canPublish: false,
        canPublishData: false,
        canUpdateOwnMetadata: false,
      },
    });
    expect(listener.exp! - listener.nbf!).toBe(3600);
    expect(listener.video).not.toHaveProperty('roomAdmin');
    const host = await verifier.verify(await issuer.issue(requests[0]!));
    expect(host.video).toEqual({
      room: 'Room000001',
      roomJoin: true,
      canSubscribe: true,
      canUpdateOwnMetadata: false,
      canPublish: true,
      canPublishSources: ['microphone'],
      canPublishData: true,
    });
    expect(host.exp! - host.nbf!).toBe(14_400);
  });

  it('are refused when signed with another secret', async () => {
    const forged = await createTokenIssuer({ ...credentials, apiSecret: 'not-the-secret' }).issue(
      requests[3]!,
    );
    await expect(
      new TokenVerifier(credentials.apiKey, credentials.apiSecret).verify(forged),
    ).rejects.toThrow();
  });
});
