/**
 * "Sign in with Bluesky": AT Protocol OAuth (PAR, PKCE S256, DPoP; @atproto/oauth-client-node) links the
 * account's DID. The service starts the request for the signed-in Earshot account (a one-time state bound to
 * it), the user approves on their own PDS, and the callback learns the DID the PDS vouches for (`sub`). The
 * handle is then the DID document's, checked both ways, and follows the DID on re-checks. No token is kept:
 * only the identity is wanted, so the client's session store keeps nothing.
 */
import { randomBytes } from 'node:crypto';
import { buildAtprotoLoopbackClientMetadata, NodeOAuthClient } from '@atproto/oauth-client-node';
import { ApiError } from '../api-error.ts';
import type { Database } from '../db/database.ts';
import { createHandlesStore } from '../store/handles-store.ts';
import { resolveDid, resolveHandle } from './bluesky-identity.ts';
import type { ProofContext } from './handle-proofs.ts';
import { outboundFetch } from './outbound-fetch.ts';

const LINK_TTL_MS = 10 * 60_000;

const isLoopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

/** The client's metadata: a loopback development client on a loopback service, a public web client otherwise. */
function clientMetadata(publicUrl: string) {
  const redirect = `${publicUrl}/oauth/bluesky/callback` as const;
  if (isLoopback(publicUrl)) {
    return buildAtprotoLoopbackClientMetadata({
      scope: 'atproto',
      redirect_uris: [redirect.replace('//localhost', '//127.0.0.1') as `http://127.0.0.1:${string}`],
    });
  }
  return {
    client_id: `${publicUrl}/oauth/bluesky/client-metadata.json`,
    client_name: 'Earshot',
    client_uri: publicUrl,
    redirect_uris: [redirect] as [string],
    grant_types: ['authorization_code'] as ['authorization_code'],
    response_types: ['code'] as ['code'],
    scope: 'atproto',
    application_type: 'web' as const,
    token_endpoint_auth_method: 'none' as const,
    dpop_bound_access_tokens: true,
  };
}

export function createBlueskyOAuth(deps: {
  db: Database;
  now: () => Date;
  publicUrl: string;
  ctx: ProofContext;
}) {
  const { db, ctx } = deps;
  const fetch = outboundFetch(ctx.outbound);
  const client = new NodeOAuthClient({
    clientMetadata: clientMetadata(deps.publicUrl),
    allowHttp: ctx.outbound.allowPrivateNetworks === true,
    fetch,
    plcDirectoryUrl: ctx.plcUrl,
    // Our resolver: the same SSRF checks and bounds as every other outbound request. It answers did:plc or
    // did:web only (its pattern), the AtprotoDid the client's type names.
    handleResolver: { resolve: async (handle: string) => (await resolveHandle(handle, ctx)) as never },
    requestLock: (_name, run) => run(),
    stateStore: {
      async get(key) {
        const [row] = await db.query<{ value: string }>(
          'SELECT value FROM oauth_client_states WHERE key = $1',
          [key],
        );
        return row ? JSON.parse(row.value) : undefined;
      },
      async set(key, value) {
        await db.query(
          'INSERT INTO oauth_client_states (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2',
          [key, JSON.stringify(value)],
        );
      },
      async del(key) {
        await db.query('DELETE FROM oauth_client_states WHERE key = $1', [key]);
      },
    },
    sessionStore: { get: async () => undefined, set: async () => {}, del: async () => {} },
  });

  return {
    /** The client metadata document (served at its client_id in production). */
    metadata: () => client.clientMetadata,

    /** Starts linking for `accountId`: the address of the user's authorization server to open. */
    async start(accountId: string, handle: string): Promise<string> {
      const state = randomBytes(24).toString('base64url');
      await db.query("DELETE FROM oauth_link_requests WHERE created_at < now() - interval '10 minutes'");
      await db.query('INSERT INTO oauth_link_requests (state, account_id) VALUES ($1, $2)', [
        state,
        accountId,
      ]);
      try {
        return (await client.authorize(handle.replace(/^@/, '').toLowerCase(), { state, scope: 'atproto' }))
          .href;
      } catch (error) {
        await db.query('DELETE FROM oauth_link_requests WHERE state = $1', [state]);
        throw new ApiError(
          502,
          'identity_unreachable',
          `Could not start signing in with Bluesky: ${(error as Error).message}`,
        );
      }
    },

    /** The callback: the DID the PDS vouched for, linked (verified) to the account that started. */
    async finish(params: URLSearchParams): Promise<{ handle: string; did: string }> {
      let result: Awaited<ReturnType<typeof client.callback>>;
      try {
        result = await client.callback(params);
      } catch (error) {
        throw new ApiError(
          422,
          'verification_failed',
          `Bluesky did not confirm the sign-in: ${(error as Error).message}`,
        );
      }
      const [request] = await db.query<{ account_id: string; created_at: Date }>(
        'DELETE FROM oauth_link_requests WHERE state = $1 RETURNING account_id, created_at',
        [result.state ?? ''],
      );
      if (!request || deps.now().getTime() - request.created_at.getTime() > LINK_TTL_MS) {
        throw new ApiError(
          422,
          'verification_failed',
          'This sign-in link expired or was already used: start again',
        );
      }
      const did = result.session.did;
      const doc = await resolveDid(did, ctx);
      if (!doc.handle || (await resolveHandle(doc.handle, ctx)) !== did) {
        throw new ApiError(422, 'verification_failed', `The handle of ${did} does not point back to it`);
      }
      await db.transaction((tx) =>
        createHandlesStore(tx).markVerified(
          request.account_id,
          { site: 'bsky', handle: doc.handle! },
          { method: 'atproto_oauth', subject: did },
          deps.now(),
        ),
      );
      return { handle: doc.handle, did };
    },
  };
}

export type BlueskyOAuth = ReturnType<typeof createBlueskyOAuth>;
