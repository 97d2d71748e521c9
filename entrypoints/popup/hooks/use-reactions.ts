import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { onReaction } from '@/utils/protocol/ask';
import type { Reaction } from '@/utils/protocol/session-state';

const REACTION_SHOWN_MS = 4_000;

/** Reactions in the current room, each shown for a few seconds (the last ten at most). */
export function useReactions() {
  const reactions = useSignal<Array<Reaction & { key: number }>>([]);
  useEffect(
    () =>
      onReaction((reaction) => {
        const key = Date.now() + Math.random();
        reactions.value = [...reactions.value.slice(-9), { ...reaction, key }];
        setTimeout(() => {
          reactions.value = reactions.value.filter((r) => r.key !== key);
        }, REACTION_SHOWN_MS);
      }),
    [],
  );
  return reactions;
}
