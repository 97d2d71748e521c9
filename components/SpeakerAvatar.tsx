import { t } from '@/utils/i18n';
import type { StageParticipant } from '@/utils/session-state';

/** Initials in a circle; a ring pulses while the person speaks. */
export function SpeakerAvatar({ speaker }: { speaker: StageParticipant }) {
  const initials = speaker.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    <li
      class="speaker"
      data-speaking={speaker.isSpeaking}
      data-muted={speaker.isMuted}
      data-role={speaker.role}
      data-identity={speaker.identity}
    >
      <span class="avatar" aria-hidden="true">
        {initials || '?'}
        {speaker.isMuted && <span class="muted-badge">🔇</span>}
      </span>
      <span class="speaker-name" title={speaker.name}>
        {speaker.name}
      </span>
      {speaker.isSpeaking && <span class="visually-hidden">{t('speaking')}</span>}
      {speaker.isMuted && <span class="visually-hidden">{t('muted')}</span>}
    </li>
  );
}
