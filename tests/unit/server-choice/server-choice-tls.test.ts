/**
 * An untrusted certificate is told apart from a server that is down: fetch fails the same way for both, so the
 * check listens to webRequest's error for its own request (net::ERR_CERT_… in Chrome, NSS names in Firefox).
 */
import { describe, expect, it } from 'vitest';
import {
  checkServer,
  isUntrustedCertificate,
  type WebRequestErrorEvents,
  webRequestNetworkErrors,
} from '@/utils/background/server-check';

type Listener = (details: { url: string; error: string }) => void;

/** webRequest as the browser drives it: the error event comes just after fetch has rejected. */
function fakeWebRequest() {
  const listeners = new Map<Listener, string[]>();
  const events: WebRequestErrorEvents = {
    onErrorOccurred: {
      addListener: (listener, filter) => void listeners.set(listener, filter.urls),
      removeListener: (listener) => void listeners.delete(listener),
    },
  };
  const fail =
    (error: string): typeof fetch =>
    async (url) => {
      setTimeout(() => {
        for (const listener of listeners.keys()) listener({ url: String(url), error });
      }, 5);
      throw new TypeError('Failed to fetch');
    };
  return { events, fail, listeners };
}

describe('checkServer with the browser’s network errors', () => {
  it('a certificate the browser does not trust is tls-untrusted, not unreachable', async () => {
    for (const error of [
      'net::ERR_CERT_AUTHORITY_INVALID',
      'net::ERR_CERT_COMMON_NAME_INVALID',
      'net::ERR_CERT_DATE_INVALID',
      'SEC_ERROR_UNKNOWN_ISSUER',
      'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
      'SSL_ERROR_BAD_CERT_DOMAIN',
    ]) {
      const web = fakeWebRequest();
      const networkErrors = webRequestNetworkErrors(web.events);
      expect(
        await checkServer('https://rooms.example.org', { fetchImpl: web.fail(error), networkErrors }),
        error,
      ).toEqual({ ok: false, problem: 'tls-untrusted' });
      expect(web.listeners.size, 'the listener is removed after the check').toBe(0);
    }
  });

  it('a refused connection or a name that does not resolve stays unreachable', async () => {
    for (const error of [
      'net::ERR_CONNECTION_REFUSED',
      'net::ERR_NAME_NOT_RESOLVED',
      'NS_ERROR_CONNECTION_REFUSED',
    ]) {
      const web = fakeWebRequest();
      expect(
        await checkServer('https://rooms.example.org', {
          fetchImpl: web.fail(error),
          networkErrors: webRequestNetworkErrors(web.events),
        }),
      ).toEqual({ ok: false, problem: 'unreachable' });
    }
  });

  it('listens only to its own server (the filter) and its own request', async () => {
    const web = fakeWebRequest();
    const watch = webRequestNetworkErrors(web.events, 30).watch('https://rooms.example.org:8443/health');
    expect([...web.listeners.values()]).toEqual([['https://rooms.example.org/*']]);
    for (const listener of web.listeners.keys())
      listener({ url: 'https://rooms.example.org:8443/other', error: 'net::ERR_CERT_DATE_INVALID' });
    expect(await watch.reason()).toBeNull();
    watch.stop();
  });

  it('without an error event (no host permission to observe it) it gives up quickly: unreachable', async () => {
    const networkErrors = webRequestNetworkErrors(fakeWebRequest().events, 50);
    const started = Date.now();
    const fetchImpl: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await checkServer('https://rooms.example.org', { fetchImpl, networkErrors })).toEqual({
      ok: false,
      problem: 'unreachable',
    });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('names only certificate errors as untrusted', () => {
    expect(isUntrustedCertificate('net::ERR_SSL_PROTOCOL_ERROR')).toBe(false);
    expect(isUntrustedCertificate(null)).toBe(false);
    expect(isUntrustedCertificate('net::ERR_CERT_INVALID')).toBe(true);
  });
});
