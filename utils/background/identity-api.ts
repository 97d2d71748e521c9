/** The rooms service's handle verification and follows import calls, made by the background with the session token. */
import * as v from 'valibot';
import type { FeedSite } from '@/wire/sites';
import type { FollowImportState, IdentityState, VerifiableSite } from '../protocol/identity-state';
import { createServiceRequest } from './rooms-api-request';
import { Nothing } from './rooms-api-schemas';

const HandleSchema = v.object({
  site: v.picklist(['x', 'bsky', 'mastodon']),
  handle: v.string(),
  status: v.picklist(['claimed', 'verified']),
});
const MeSchema = v.object({ username: v.string(), handles: v.optional(v.array(HandleSchema), []) });
const ImportSchema = v.object({
  site: v.picklist(['bsky', 'mastodon']),
  handle: v.nullable(v.string()),
  followCount: v.number(),
  truncated: v.boolean(),
  syncedAt: v.string(),
});
const ImportsSchema = v.object({ imports: v.array(ImportSchema) });

export interface IdentityApi {
  state(): Promise<IdentityState>;
  /** Claims the handle (keeping the others), so it shows on the profile page, then checks it. */
  verify(site: VerifiableSite, handle: string): Promise<void>;
  /** Replaces the claimed handle on `site` (X: the only kind there is). */
  claim(site: FeedSite, handle: string): Promise<void>;
  importFollows(site: VerifiableSite): Promise<FollowImportState>;
  removeImport(site: VerifiableSite): Promise<void>;
  /** Starts "Sign in with Bluesky": the address of the user's authorization server to open. */
  startBlueskyOAuth(handle: string): Promise<string>;
}

export function createIdentityApi(
  baseUrl: () => Promise<string>,
  token: () => Promise<string | null>,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): IdentityApi {
  const request = createServiceRequest(baseUrl, token, fetchImpl);
  const me = () => request(MeSchema, '/v1/me');

  async function claim(site: FeedSite, handle: string): Promise<void> {
    const current = (await me()).handles.filter((h) => h.site !== site);
    const handles = [
      ...current.map(({ site, handle }) => ({ site, handle })),
      ...(handle ? [{ site, handle }] : []),
    ];
    await request(Nothing, '/v1/me', { method: 'PATCH', body: { handles } });
  }

  return {
    async state() {
      if (!(await token())) return { profileUrl: null, handles: [], imports: [] };
      const [profile, imports] = await Promise.all([me(), request(ImportsSchema, '/v1/me/follow-imports')]);
      const base = (await baseUrl()).replace(/\/+$/, '');
      return {
        profileUrl: `${base}/u/${encodeURIComponent(profile.username.toLowerCase())}`,
        handles: profile.handles,
        imports: imports.imports,
      };
    },
    async verify(site, handle) {
      await claim(site, handle);
      await request(Nothing, '/v1/me/handles/verify', { method: 'POST', body: { site, handle } });
    },
    claim,
    importFollows: (site) => request(ImportSchema, `/v1/me/follow-imports/${site}`, { method: 'PUT' }),
    async startBlueskyOAuth(handle) {
      return (
        await request(v.object({ url: v.string() }), '/v1/me/bluesky/oauth', {
          method: 'POST',
          body: { handle },
        })
      ).url;
    },
    async removeImport(site) {
      await request(Nothing, `/v1/me/follow-imports/${site}`, { method: 'DELETE' });
    },
  };
}
