import { useSignal } from '@preact/signals';
import type { Refresher } from '@/utils/pages/connection';
import { isUnreachable } from '@/utils/protocol/ask';
import { type MessageKey, t } from '@/utils/ui/i18n';

const ACTION_ERRORS: Record<string, MessageKey> = {
  microphone_blocked: 'micBlockedError',
  not_allowed_to_speak: 'notAllowedToSpeak',
};

/** A failed action in the user's words: offline and service-down failures say so, never a raw error. */
function describeActionError(error: unknown): string {
  if (!navigator.onLine) return t('actionOffline');
  if (isUnreachable(error)) return t('actionUnreachable');
  const code = error instanceof Error ? error.message : String(error);
  const key = ACTION_ERRORS[code];
  return key ? t(key) : code;
}

/**
 * How the popup runs what the user asks for: failures in the user's words, and a service that cannot be
 * reached is retried (the refresher then shows it in the connection banner).
 */
export function useActionErrors(refresher: Refresher) {
  /** The last room action's failure, shown in the now-playing card. */
  const actionError = useSignal<string | null>(null);

  function describe(error: unknown): string {
    refresher.failed(error);
    return describeActionError(error);
  }

  /** Runs `run`, rethrowing its failure in the user's words (for forms that show their own errors). */
  const inWords =
    <A extends unknown[], T>(run: (...args: A) => Promise<T>) =>
    async (...args: A): Promise<T> => {
      try {
        return await run(...args);
      } catch (error) {
        throw new Error(describe(error));
      }
    };

  /** Runs a room action; its failure is shown in the now-playing card. */
  function act(run: () => Promise<unknown>) {
    actionError.value = null;
    run().catch((error) => {
      actionError.value = describe(error);
    });
  }

  return { actionError, describe, inWords, act };
}

export type ActionErrors = ReturnType<typeof useActionErrors>;
