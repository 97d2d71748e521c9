/**
 * The browser's side of ServerAccess (hub/deps.ts): whether the extension holds the chosen server's host
 * permission, and the events that say it changed. A user can remove a site's access at any time from the
 * browser's extension settings; loopback is granted at install (the manifest) and cannot be removed.
 */
import { needsHostPermission, originPattern } from '../protocol/server-address';
import type { ServerAccess } from './hub/deps';

interface PermissionEvent {
  addListener(listener: () => void): void;
}

/** The part of `browser.permissions` this needs. */
export interface BrowserPermissions {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: PermissionEvent;
  onRemoved: PermissionEvent;
}

export function browserServerAccess(permissions: BrowserPermissions): ServerAccess {
  return {
    has: async (origin) =>
      !needsHostPermission(origin) || permissions.contains({ origins: [originPattern(origin)] }),
    watch(changed) {
      // Registered as the background starts (synchronously), so a removal wakes a sleeping service worker.
      permissions.onAdded.addListener(changed);
      permissions.onRemoved.addListener(changed);
    },
  };
}
