import { browser } from 'wxt/browser';
import type { Connection } from '@/utils/pages/connection';
import { t } from '@/utils/ui/i18n';

export interface ConnectionBannerProps {
  connection: Connection;
  /** When the rooms on screen were loaded, if they ever were. */
  updatedAt: number | null;
  /** The user is in a room. */
  inRoom: boolean;
  onRetry: () => void;
}

/** Says that Earshot cannot be reached (offline, or the service is down) and that it keeps trying. */
export function ConnectionBanner({ connection, updatedAt, inRoom, onRetry }: ConnectionBannerProps) {
  if (connection === 'online') return null;
  const time = new Intl.DateTimeFormat(browser.i18n.getUILanguage(), { timeStyle: 'short' });
  return (
    <div class="connection-banner" role="status" data-connection={connection}>
      <span class="connection-dot" aria-hidden="true" />
      <div class="connection-text">
        <p class="connection-title">
          {connection === 'offline' ? t('connectionOffline') : t('connectionUnreachable')}
        </p>
        <p class="muted small">
          {[
            // The room's audio comes from LiveKit, not from the rooms service: it plays on while the service is down.
            inRoom && connection === 'unreachable' ? t('connectionRoomPlays') : null,
            updatedAt !== null ? t('connectionShowingFrom', time.format(updatedAt)) : null,
            t('connectionNothingLost'),
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      </div>
      <button type="button" class="small-button" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}
