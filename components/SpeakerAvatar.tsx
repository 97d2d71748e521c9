import type { StageParticipant } from '@/utils/protocol/session-state';
import { initials } from '@/utils/ui/avatar';
import { t } from '@/utils/ui/i18n';

export interface SpeakerAvatarProps {
  speaker: StageParticipant;
  /** A reaction they just sent, shown briefly over the avatar. */
  reaction?: string;
  /** Hosts can pick a speaker to act on. */
  onSelect?: () => void;
  selected?: boolean;
}

/** Initials in a circle; a ring shows while the person speaks, a badge when muted. */
export function SpeakerAvatar({ speaker, reaction, onSelect, selected }: SpeakerAvatarProps) {
  const face = (
    <span class="avatar" aria-hidden="true">
      {initials(speaker.name)}
      {speaker.isMuted && <span class="muted-badge">🔇</span>}
      {reaction && <span class="reaction-badge">{reaction}</span>}
    </span>
  );
  return (
    <li
      class="speaker"
      data-speaking={speaker.isSpeaking}
      data-muted={speaker.isMuted}
      data-role={speaker.role}
      data-identity={speaker.identity}
      data-selected={selected ? 'true' : undefined}
    >
      {onSelect ? (
        <button
          type="button"
          class="avatar-button"
          aria-expanded={selected}
          aria-label={speaker.name}
          onClick={onSelect}
        >
          {face}
        </button>
      ) : (
        face
      )}
      <span class="speaker-name" title={speaker.name}>
        {speaker.name}
      </span>
      {speaker.isSpeaking && <span class="visually-hidden">{t('speaking')}</span>}
      {speaker.isMuted && <span class="visually-hidden">{t('muted')}</span>}
    </li>
  );
}
