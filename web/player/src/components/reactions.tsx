/** Reactions floating in as they come; screen readers hear who reacted. */
import type { Strings } from '../i18n.ts';
import type { ShownReaction } from '../reactions.ts';

export function Reactions({ reactions, t }: { reactions: ShownReaction[]; t: Strings }) {
  return (
    <ul class="reactions" aria-live="polite">
      {reactions.map((reaction) => (
        <li key={reaction.key} class="reaction" title={t.reactionFrom(reaction.name, reaction.emoji)}>
          <span class="emoji" aria-hidden="true">
            {reaction.emoji}
          </span>
          <span class="who">{reaction.name}</span>
          <span class="visually-hidden">{t.reactionFrom(reaction.name, reaction.emoji)}</span>
        </li>
      ))}
    </ul>
  );
}
