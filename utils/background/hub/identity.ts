/** Linked accounts: verifying Bluesky and Mastodon handles, the X handle (claimed only), and importing follows. */
import { browser } from 'wxt/browser';
import { createIdentityApi, type IdentityApi } from '../identity-api';
import type { HandlerMap, HubContext } from './context';

/** The identity calls with this hub's server address and session token (built per request: both may change). */
function identityApi(hub: HubContext): IdentityApi {
  const serviceUrl = hub.deps.serviceUrl;
  if (!serviceUrl) throw new Error('No Earshot server is set');
  return createIdentityApi(serviceUrl, () => hub.deps.account.token());
}

export const identityHandlers = {
  'identity:get': (_request, hub) => identityApi(hub).state(),
  'identity:verify': async ({ site, handle }, hub) => {
    const api = identityApi(hub);
    await api.verify(site, handle);
    return api.state();
  },
  'identity:claim-x': async ({ handle }, hub) => {
    const api = identityApi(hub);
    await api.claim('x', handle);
    return api.state();
  },
  /** Opens the user's Bluesky authorization page in a tab; the link is made when they approve there. */
  'identity:bluesky-oauth': async ({ handle }, hub) => {
    const url = await identityApi(hub).startBlueskyOAuth(handle);
    // Only an http(s) address from our own service is opened.
    if (!/^https?:\/\//.test(url)) throw new Error('The service answered an address that is not a web page');
    await browser.tabs.create({ url });
    return null;
  },
  'identity:import': async ({ site }, hub) => {
    const api = identityApi(hub);
    await api.importFollows(site);
    return api.state();
  },
  'identity:remove-import': async ({ site }, hub) => {
    const api = identityApi(hub);
    await api.removeImport(site);
    return api.state();
  },
} satisfies Partial<HandlerMap>;
