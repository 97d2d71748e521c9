import { t } from '@/utils/feed/i18n';
import type { SessionState } from '@/utils/protocol/session-state';
import { STATUS_LABEL } from '@/utils/ui/labels';
import { Avatar } from './Avatar';

/**
 * A control the dock shows before Leave. The stage features (mute when on stage, raise hand, react) plug in
 * here as they are built; the dock shows only the actions it is given.
 */
export interface DockAction {
  id: string;
  label: string;
  /** Text or symbol shown on the button; the label is its accessible name. */
  icon?: string;
  pressed?: boolean;
  onClick(): void;
}

const MAX_AVATARS = 5;

/** The room the user is in, docked in a corner of every supported site: title, who speaks, listeners, Leave. */
export function MiniPlayer({
  session,
  actions = [],
  onLeave,
}: {
  session: SessionState;
  actions?: DockAction[];
  onLeave(): void;
}) {
  if (session.status === 'idle' || !session.room) return null;
  const speakers = session.speakers.slice(0, MAX_AVATARS);
  return (
    <section class="es-dock" aria-label={t('nowPlaying')} data-status={session.status}>
      <div class="es-dock-head">
        <span class={`es-badge es-status-${session.status}`} role="status">
          {session.status === 'connected' && <span class="es-dot" aria-hidden="true" />}
          {t(STATUS_LABEL[session.status])}
        </span>
        <span class="es-dock-title" title={session.room.title}>
          {session.room.title || '…'}
        </span>
      </div>
      <div class="es-dock-body">
        {session.error ? (
          <p class="es-dock-error" role="alert">
            {session.error}
          </p>
        ) : (
          <>
            <ul class="es-dock-speakers" aria-label={t('onStage')}>
              {speakers.map((speaker) => (
                <li
                  key={speaker.identity}
                  data-identity={speaker.identity}
                  data-speaking={speaker.isSpeaking}
                  title={speaker.isSpeaking ? `${speaker.name} (${t('speaking')})` : speaker.name}
                >
                  <Avatar name={speaker.name} size="sm" speaking={speaker.isSpeaking} />
                  <span class="es-visually-hidden">
                    {speaker.isSpeaking ? `${speaker.name} (${t('speaking')})` : speaker.name}
                  </span>
                </li>
              ))}
            </ul>
            <span class="es-dock-listeners">
              {session.status === 'joining' ? '' : t('listenerCount', session.listenerCount)}
            </span>
          </>
        )}
        <div class="es-dock-actions">
          {actions.map((action) => (
            <button
              key={action.id}
              type="button"
              class="es-action"
              data-action={action.id}
              aria-label={action.label}
              aria-pressed={action.pressed}
              onClick={action.onClick}
            >
              {action.icon ?? action.label}
            </button>
          ))}
          <button type="button" class="es-leave" onClick={onLeave}>
            {t('leave')}
          </button>
        </div>
      </div>
    </section>
  );
}
