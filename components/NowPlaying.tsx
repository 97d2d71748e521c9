import { t } from '@/utils/i18n';
import type { SessionState } from '@/utils/session-state';
import { SpeakerAvatar } from './SpeakerAvatar';

const STATUS_TEXT = {
  joining: 'statusJoining',
  connected: 'statusConnected',
  reconnecting: 'statusReconnecting',
  error: 'statusError',
} as const;

/** The room the user is in: title, connection state, who is on stage, how many listen, and Leave. */
export function NowPlaying({ session, onLeave }: { session: SessionState; onLeave: () => void }) {
  if (session.status === 'idle' || !session.room) return null;
  return (
    <section class="now-playing" aria-label={t('nowPlaying')} data-status={session.status}>
      <div class="now-playing-head">
        <span class={`status status-${session.status}`} role="status">
          {t(STATUS_TEXT[session.status])}
        </span>
        <button type="button" class="leave" onClick={onLeave}>
          {t('leave')}
        </button>
      </div>
      <h2 class="room-title">{session.room.title || '…'}</h2>
      {session.room.hostName && <p class="host">{t('hostedBy', session.room.hostName)}</p>}
      {session.error ? (
        <p class="error" role="alert">
          {session.error}
        </p>
      ) : (
        session.status !== 'joining' && (
          <>
            <h3 class="section-label">{t('onStage')}</h3>
            {session.speakers.length === 0 ? (
              <p class="muted">{t('nobodyOnStage')}</p>
            ) : (
              <ul class="speakers">
                {session.speakers.map((speaker) => (
                  <SpeakerAvatar key={speaker.identity} speaker={speaker} />
                ))}
              </ul>
            )}
            <p class="listeners">{t('listenerCount', session.listenerCount)}</p>
          </>
        )
      )}
    </section>
  );
}
