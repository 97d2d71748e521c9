/** What the popup and the options page use to choose the server and watch its access (the real browser). */
import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ask } from '@/utils/protocol/ask';
import type { ServerChoice } from '@/utils/protocol/server-address';
import { type ChooseStep, chooseServer } from './choose-server';
import { type PermissionsApi, requestServerAccess, watchServerAccess } from './server-access';

const permissions = (): PermissionsApi => browser.permissions as unknown as PermissionsApi;

/** Asks the browser for access to the server typed, then the background to check it and switch to it. */
export const chooseFromPage = (input: string, onStep: (step: ChooseStep) => void): Promise<ServerChoice> =>
  chooseServer(input, {
    permissions: permissions(),
    choose: (url) => ask('server:choose', { url }),
    onStep,
  });

/** Whether the extension may still reach `serviceUrl` (null: not known yet), kept up to date. */
export function useServerAccess(serviceUrl: string | null) {
  const access = useSignal<boolean | null>(null);
  useEffect(() => {
    if (!serviceUrl) return undefined;
    return watchServerAccess(
      permissions(),
      () => serviceUrl,
      (granted) => {
        access.value = granted;
      },
    );
  }, [serviceUrl]);
  return {
    access,
    allowAgain: () => {
      if (serviceUrl) void requestServerAccess(permissions(), serviceUrl);
    },
  };
}
