import { type MessageKey, t } from '@/utils/i18n';
import type { SessionState, StageRole } from '@/utils/session-state';
import { SpeakerAvatar } from './SpeakerAvatar';

const STATUS_TEXT = {
  joining: 'statusJoining',
  connected: 'statusConnected',
  reconnecting: 'statusReconnecting',
  error: 'statusError',
} as const;

export const ROLE_TEXT: Record<StageRole, MessageKey> = {
  host: 'roleHost',
  cohost: 'roleCohost',
  speaker: 'roleSpeaker',
  listener: 'roleListener',
};

export interface NowPlayingProps {
  session: SessionState;
  onLeave: () => void;
  onToggleMicrophone: () => void;
  /** A problem with the last action (e.g. the microphone), already in the user's words. */
  actionError?: string | null;
}

/** The room the user is in: title, connection state, their role, who is on stage, how many listen, and Leave. */
export function NowPlaying({ session, onLeave, onToggleMicrophone, actionError }: NowPlayingProps) {
  if (session.status === 'idle' || !session.room) return null;
  const local = session.local;
  return (
    <section class="now-playing" aria-label={t('nowPlaying')} data-status={session.status}>
      <div class="now-playing-head">
        <span class={`status status-${session.status}`} role="status">
          {t(STATUS_TEXT[session.status])}
        </span>
        {local && (
          <span class="role" data-role={local.role}>
            {t(ROLE_TEXT[local.role])}
          </span>
        )}
        <span class="spacer" />
        {local?.canPublish && (
          <button
            type="button"
            class={local.micEnabled ? 'mic mic-on' : 'mic'}
            aria-pressed={local.micEnabled}
            onClick={onToggleMicrophone}
          >
            {local.micEnabled ? t('mute') : t('unmute')}
          </button>
        )}
        <button type="button" class="leave" onClick={onLeave}>
          {t('leave')}
        </button>
      </div>
      {actionError && (
        <p class="error action-error" role="alert">
          {actionError}
        </p>
      )}
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
