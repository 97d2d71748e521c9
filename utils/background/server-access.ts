/**
 * The browser's side of ServerAccess (hub/deps.ts): the chosen server's host permission, as the background
 * follows it for every view (utils/permissions/server-access.ts says how it is checked).
 */
import { hasServerAccess, onPermissionsChanged, type PermissionsApi } from '../permissions/server-access';
import type { ServerAccess } from './hub/deps';

export function browserServerAccess(
  permissions: Pick<PermissionsApi, 'contains' | 'onAdded' | 'onRemoved'>,
): ServerAccess {
  return {
    has: (origin) => hasServerAccess(permissions, origin),
    watch(changed) {
      // Registered as the background starts (synchronously), so a removal wakes a sleeping service worker.
      onPermissionsChanged(permissions, changed);
    },
  };
}
