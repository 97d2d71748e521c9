import { t } from '@/utils/ui/i18n';
import { REACTION_EMOJI, type ReactionEmoji } from '@/wire/reactions';

/** The reactions anyone in a room can send. */
export function ReactionBar({ onReact }: { onReact: (emoji: ReactionEmoji) => void }) {
  return (
    <fieldset class="reactions" aria-label={t('react')}>
      {REACTION_EMOJI.map((emoji) => (
        <button
          key={emoji}
          type="button"
          class="reaction"
          aria-label={t('reactWith', emoji)}
          onClick={() => onReact(emoji)}
        >
          {emoji}
        </button>
      ))}
    </fieldset>
  );
}
