/**
 * Whether the extension still holds the host permission for the chosen server. A user can remove a site's
 * access at any time (the browser's extension settings); pages check when they open and listen for changes,
 * and offer to ask again. Loopback servers are granted at install and never lost.
 */
import { needsHostPermission, originPattern } from '@/utils/protocol/server-address';

interface PermissionEvent {
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

export async function hasServerAccess(permissions: PermissionsApi, serviceUrl: string): Promise<boolean> {
  if (!needsHostPermission(serviceUrl)) return true;
  return permissions.contains({ origins: [originPattern(serviceUrl)] }).catch(() => false);
}

/** Calls `listener` with whether access is held now, and again whenever the browser's permissions change. */
export function watchServerAccess(
  permissions: PermissionsApi,
  serviceUrl: () => string,
  listener: (granted: boolean) => void,
): () => void {
  const check = () => void hasServerAccess(permissions, serviceUrl()).then(listener);
  check();
  // Loopback is granted at install and cannot be taken away: nothing to watch.
  if (!needsHostPermission(serviceUrl())) return () => undefined;
  permissions.onAdded.addListener(check);
  permissions.onRemoved.addListener(check);
  return () => {
    permissions.onAdded.removeListener(check);
    permissions.onRemoved.removeListener(check);
  };
}

/** Asks for access again (call it straight from a click). */
export const requestServerAccess = (permissions: PermissionsApi, serviceUrl: string): Promise<boolean> =>
  permissions.request({ origins: [originPattern(serviceUrl)] }).catch(() => false);
