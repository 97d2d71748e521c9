/** Reactions as they come: the rooms service's data messages, checked, limited per sender, shown a few seconds. */
import { signal } from '@preact/signals';
import { createReactionLimiter, REACTION_EMOJI } from '../../../wire/reactions.ts';

export interface ShownReaction {
  key: number;
  name: string;
  emoji: string;
}

const SHOWN_MS = 4000;
const MAX_SHOWN = 6;
const emoji = new Set<string>(REACTION_EMOJI);

/** A reaction message as the service sends it, or undefined for anything else. */
export function parseReaction(
  payload: Uint8Array,
): { identity: string; name: string; emoji: string } | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const { identity, name } = value;
    if (typeof identity !== 'string' || typeof name !== 'string' || typeof value.emoji !== 'string') return;
    if (!emoji.has(value.emoji)) return;
    return { identity, name: name.slice(0, 80), emoji: value.emoji };
  } catch {
    return undefined;
  }
}

export function createReactionFeed() {
  const shown = signal<ShownReaction[]>([]);
  const allowed = createReactionLimiter();
  let next = 0;
  return {
    shown,
    receive(payload: Uint8Array): void {
      const reaction = parseReaction(payload);
      if (!reaction || !allowed(reaction.identity)) return;
      const key = next++;
      shown.value = [...shown.value, { key, name: reaction.name, emoji: reaction.emoji }].slice(-MAX_SHOWN);
      setTimeout(() => {
        shown.value = shown.value.filter((r) => r.key !== key);
      }, SHOWN_MS);
    },
  };
}
