/**
 * The words for a session's status and a person's role, as message keys: the popup's now-playing panel and
 * the feed's dock show the same labels. Keys only, so each view translates with its own `t()`.
 */
import type { ConnectionStatus } from '@/utils/protocol/session-state';
import type { RoomRole } from '@/wire/roles';
import type { MessageKey } from './i18n';

/** A room being joined, played or lost (views show nothing for `idle`). */
export const STATUS_LABEL = {
  joining: 'statusJoining',
  connected: 'statusConnected',
  reconnecting: 'statusReconnecting',
  error: 'statusError',
} as const satisfies Record<Exclude<ConnectionStatus, 'idle'>, MessageKey>;

export const ROLE_LABEL: Record<RoomRole, MessageKey> = {
  host: 'roleHost',
  cohost: 'roleCohost',
  speaker: 'roleSpeaker',
  listener: 'roleListener',
};
