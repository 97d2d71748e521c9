import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { Reaction, SessionState } from '@/utils/protocol/session-state';
import { t } from '@/utils/ui/i18n';
import { ROLE_LABEL, STATUS_LABEL } from '@/utils/ui/labels';
import type { ReactionEmoji } from '@/wire/reactions';
import { isModeratorRole, type RoomRole } from '@/wire/roles';
import { ReactionBar } from './ReactionBar';
import { SpeakerAvatar } from './SpeakerAvatar';

export type ModerationAction = 'move-to-listeners' | 'mute' | 'remove' | 'make-cohost';

/** What a person can do in the room; each is optional so views offer only what they support. */
export interface NowPlayingActions {
  onLeave: () => void;
  onToggleMicrophone: () => void;
  /** Signed-in listeners only. */
  onRaiseHand?: (raised: boolean) => void;
  onReact?: (emoji: ReactionEmoji) => void;
  /** Hosts and cohosts only. */
  onModerate?: (action: ModerationAction, identity: string) => void;
  onEnd?: () => void;
  onCopyLink?: () => void;
  /** Signed in and not the host: follow (or unfollow) the host. */
  onFollowHost?: (follow: boolean) => void;
  followingHost?: boolean;
}

export interface NowPlayingProps extends NowPlayingActions {
  session: SessionState;
  /** A problem with the last action (e.g. the microphone), already in the user's words. */
  actionError?: string | null;
  /** Reactions of the last few seconds, newest last. */
  reactions?: Array<Reaction & { key: number }>;
  /** Shown under the stage, e.g. the request queue for hosts. */
  children?: ComponentChildren;
}

const isModerator = (role: RoomRole | undefined) => role !== undefined && isModeratorRole(role);

/** The room the user is in: title, connection state, their role, who is on stage, how many listen, and actions. */
export function NowPlaying(props: NowPlayingProps) {
  const { session, actionError, reactions = [] } = props;
  const selected = useSignal<string | null>(null);
  if (session.status === 'idle' || !session.room) return null;
  const local = session.local;
  const moderator = isModerator(local?.role) && props.onModerate;
  const target = session.speakers.find((s) => s.identity === selected.value && !s.isLocal);
  const latestBy = new Map(reactions.map((r) => [r.identity, r.emoji]));
  const fromListeners = reactions.filter((r) => !session.speakers.some((s) => s.identity === r.identity));

  return (
    <section class="now-playing" aria-label={t('nowPlaying')} data-status={session.status}>
      <div class="now-playing-head">
        <span class={`status status-${session.status}`} role="status">
          {t(STATUS_LABEL[session.status])}
        </span>
        {local && (
          <span class="role" data-role={local.role}>
            {t(ROLE_LABEL[local.role])}
          </span>
        )}
        <span class="spacer" />
        {local?.canPublish && (
          <button
            type="button"
            class={local.micEnabled ? 'mic mic-on' : 'mic'}
            aria-pressed={local.micEnabled}
            onClick={props.onToggleMicrophone}
          >
            {local.micEnabled ? t('mute') : t('unmute')}
          </button>
        )}
        <button type="button" class="leave" onClick={props.onLeave}>
          {t('leave')}
        </button>
      </div>
      {actionError && (
        <p class="error action-error" role="alert">
          {actionError}
        </p>
      )}
      <h2 class="room-title">{session.room.title || '…'}</h2>
      {session.room.hostName && (
        <p class="host row">
          <span>{t('hostedBy', session.room.hostName)}</span>
          {props.onFollowHost && session.room.hostUsername && local?.role !== 'host' && (
            <button
              type="button"
              class={props.followingHost ? 'small-button' : 'small-button join'}
              aria-pressed={props.followingHost}
              aria-label={t(props.followingHost ? 'unfollowAria' : 'followAria', session.room.hostUsername)}
              onClick={() => props.onFollowHost?.(!props.followingHost)}
            >
              {props.followingHost ? t('following') : t('follow')}
            </button>
          )}
        </p>
      )}
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
                  <SpeakerAvatar
                    key={speaker.identity}
                    speaker={speaker}
                    reaction={latestBy.get(speaker.identity)}
                    selected={speaker.identity === selected.value}
                    onSelect={
                      moderator && !speaker.isLocal
                        ? () =>
                            (selected.value = selected.value === speaker.identity ? null : speaker.identity)
                        : undefined
                    }
                  />
                ))}
              </ul>
            )}
            {moderator && target && (
              <fieldset class="row moderation" aria-label={t('moderateAria', target.name)}>
                <span class="small">{target.name}</span>
                <button type="button" onClick={() => props.onModerate?.('mute', target.identity)}>
                  {t('muteSpeaker')}
                </button>
                <button
                  type="button"
                  onClick={() => props.onModerate?.('move-to-listeners', target.identity)}
                >
                  {t('moveToListeners')}
                </button>
                {local?.role === 'host' && target.role === 'speaker' && (
                  <button type="button" onClick={() => props.onModerate?.('make-cohost', target.identity)}>
                    {t('makeCohost')}
                  </button>
                )}
                <button
                  type="button"
                  class="danger"
                  onClick={() => props.onModerate?.('remove', target.identity)}
                >
                  {t('remove')}
                </button>
              </fieldset>
            )}
            <p class="listeners">{t('listenerCount', session.listenerCount)}</p>
            {fromListeners.length > 0 && (
              <p class="listener-reactions" aria-live="polite">
                {fromListeners.map((r) => (
                  <span key={r.key}>
                    {r.name} {r.emoji}
                  </span>
                ))}
              </p>
            )}
            <div class="row actions">
              {props.onRaiseHand && local?.role === 'listener' && (
                <button
                  type="button"
                  class={session.handRaised ? 'hand raised' : 'hand'}
                  aria-pressed={session.handRaised}
                  onClick={() => props.onRaiseHand?.(!session.handRaised)}
                >
                  {session.handRaised ? t('lowerHand') : t('raiseHand')}
                </button>
              )}
              {props.onCopyLink && session.room.shareUrl && (
                <button type="button" onClick={props.onCopyLink}>
                  {t('copyLink')}
                </button>
              )}
              {props.onEnd && isModerator(local?.role) && (
                <button type="button" class="danger" onClick={props.onEnd}>
                  {t('endRoom')}
                </button>
              )}
            </div>
            {props.onReact && <ReactionBar onReact={props.onReact} />}
            {props.children}
          </>
        )
      )}
    </section>
  );
}
