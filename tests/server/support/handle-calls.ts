/** The calls the handle-verification tests make on one feed site, against the file's service. */
import type { FeedSite } from '../../../wire/sites.ts';
import { api, type TestUser } from './service-fixture.ts';

/** `fixture` is read at each call (a file fixture has started only once tests run). */
export function handleCalls(fixture: { readonly service: { url: string } }, site: FeedSite) {
  return {
    /** The Earshot profile address a proof must link to. */
    profileUrl: (user: TestUser) => `${fixture.service.url}/u/${user.username.toLowerCase()}`,
    verify: (user: TestUser, handle: string) =>
      api(fixture.service, '/v1/me/handles/verify', {
        method: 'POST',
        token: user.token,
        body: { site, handle },
      }),
    me: async (user: TestUser) => (await api(fixture.service, '/v1/me', { token: user.token })).body,
    /** The handles `GET /v1/live-hosts` lists for the site. */
    liveHosts: async (): Promise<string[]> =>
      (await api(fixture.service, `/v1/live-hosts?site=${site}`)).body.hosts.map(
        (h: { handle: string }) => h.handle,
      ),
  };
}
