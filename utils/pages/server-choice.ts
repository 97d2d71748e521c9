/** What the popup and the options page use to choose the server and watch its access (the real browser). */
import { useComputed, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  type PermissionsApi,
  requestServerAccess,
  watchServerAccess,
} from '@/utils/permissions/server-access';
import { ask, watchSession } from '@/utils/protocol/ask';
import type { ServerChoice } from '@/utils/protocol/server-address';
import { type ChooseStep, chooseServer } from './choose-server';

const permissions = (): PermissionsApi => browser.permissions as unknown as PermissionsApi;

/** Asks the browser for access to the server typed, then the background to check it and switch to it. */
export const chooseFromPage = (input: string, onStep: (step: ChooseStep) => void): Promise<ServerChoice> =>
  chooseServer(input, {
    permissions: permissions(),
    choose: (url) => ask('server:choose', { url }),
    onStep,
  });

/**
 * Whether the extension may still reach `serviceUrl` (null: not known yet), kept up to date. Two sources that
 * agree once settled: the background's session (`serverAccess: 'missing'`, it follows the browser's permission
 * events even with no page open) and the page's own look at the permissions (at once, without a round trip).
 */
export function useServerAccess(serviceUrl: string | null) {
  const pageSees = useSignal<boolean | null>(null);
  const backgroundSaysMissing = useSignal(false);
  useEffect(() => {
    if (!serviceUrl) return undefined;
    const stopPermissions = watchServerAccess(
      permissions(),
      () => serviceUrl,
      (granted) => {
        pageSees.value = granted;
      },
    );
    const stopSession = watchSession((state) => {
      backgroundSaysMissing.value = state.serverAccess === 'missing';
    });
    return () => {
      stopPermissions();
      stopSession();
    };
  }, [serviceUrl]);
  const access = useComputed(() =>
    pageSees.value === null ? null : pageSees.value && !backgroundSaysMissing.value,
  );
  return {
    access,
    allowAgain: () => {
      if (serviceUrl) void requestServerAccess(permissions(), serviceUrl);
    },
  };
}
