/** Why a server could not be chosen, in the user's words (English and French from _locales). */
import type { ServerProblem } from '@/utils/protocol/server-address';
import { SERVER_CHECK_TIMEOUT_S } from '@/utils/protocol/server-address';
import { t } from '@/utils/ui/i18n';

/** `origin`: the server as the user typed it, made an origin (absent when it could not be made one). */
export function describeServerProblem(problem: ServerProblem, origin = ''): string {
  switch (problem) {
    case 'not-a-url':
      return t('serverProblemNotUrl');
    case 'https-required':
      return t('serverProblemHttps', hostOf(origin));
    case 'tls-untrusted':
      return t('serverProblemTlsUntrusted', hostOf(origin));
    case 'unreachable':
      // Untrusted certificates are told apart (webRequest); other TLS failures still look like a server down.
      return origin.startsWith('https:')
        ? t('serverProblemUnreachableSecure', origin)
        : t('serverProblemUnreachable', origin);
    case 'timeout':
      return t('serverProblemTimeout', origin, SERVER_CHECK_TIMEOUT_S);
    case 'not-earshot':
      return t('serverProblemNotEarshot', origin);
    case 'permission-refused':
      return t('serverProblemPermission', origin);
  }
}

/** What the user typed, without the scheme, for messages about it. */
function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
