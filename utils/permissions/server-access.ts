/**
 * Whether the extension holds the host permission of the chosen Earshot server, and news when that changes.
 * A user can remove a site's access at any time (the browser's extension settings); loopback servers are granted
 * at install (the manifest) and cannot be removed. Used by the background (it follows the permission for every
 * view) and by extension pages (they look at once, and ask again from a click). Content scripts cannot use it:
 * `browser.permissions` is closed to them.
 */
import { needsHostPermission, originPattern } from '../protocol/server-address';

export interface PermissionEvent {
  addListener(listener: () => void): void;
  removeListener(listener: () => void): void;
}

/** The part of `browser.permissions` this needs (fakes in tests). */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: PermissionEvent;
  onRemoved: PermissionEvent;
}

/**
 * Whether the extension may reach `serviceUrl`. A check the browser fails to answer counts as held: it says
 * nothing about the permission, and calling access missing would put "Allow access" (a request that fails the
 * same way) over every view; if the server really cannot be reached, its requests fail and say so.
 */
export async function hasServerAccess(
  permissions: Pick<PermissionsApi, 'contains'>,
  serviceUrl: string,
): Promise<boolean> {
  if (!needsHostPermission(serviceUrl)) return true;
  return permissions.contains({ origins: [originPattern(serviceUrl)] }).catch(() => true);
}

/** Calls `changed` whenever the extension's permissions change (any site: the listener checks its own). */
export function onPermissionsChanged(
  permissions: Pick<PermissionsApi, 'onAdded' | 'onRemoved'>,
  changed: () => void,
): () => void {
  permissions.onAdded.addListener(changed);
  permissions.onRemoved.addListener(changed);
  return () => {
    permissions.onAdded.removeListener(changed);
    permissions.onRemoved.removeListener(changed);
  };
}

/** Calls `listener` with whether access is held now, and again whenever the browser's permissions change. */
export function watchServerAccess(
  permissions: Pick<PermissionsApi, 'contains' | 'onAdded' | 'onRemoved'>,
  serviceUrl: () => string,
  listener: (granted: boolean) => void,
): () => void {
  const check = () => void hasServerAccess(permissions, serviceUrl()).then(listener);
  check();
  // Loopback is granted at install and cannot be taken away: nothing to watch.
  if (!needsHostPermission(serviceUrl())) return () => undefined;
  return onPermissionsChanged(permissions, check);
}

/** Asks for access to `serviceUrl` (call it straight from a click: the prompt needs the user's gesture). */
export const requestServerAccess = (
  permissions: Pick<PermissionsApi, 'request'>,
  serviceUrl: string,
): Promise<boolean> => permissions.request({ origins: [originPattern(serviceUrl)] }).catch(() => false);
