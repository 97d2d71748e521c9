/** The reactions people can send in a room, and the limit on how fast one person's are shown. */

export const REACTION_EMOJI = ['👏', '❤️', '😂', '🔥', '💯', '🙌'] as const;

/** The topic of reaction data messages. The rooms service sends them (senders never publish data themselves). */
export const REACTION_TOPIC = 'reaction';
export type ReactionEmoji = (typeof REACTION_EMOJI)[number];

/** How many reactions from one sender are shown per window; the rest are dropped. */
export const REACTIONS_PER_WINDOW = 5;
export const REACTION_WINDOW_MS = 10_000;

/** A sliding-window limit per sender. */
export function createReactionLimiter(now: () => number = Date.now) {
  const recent = new Map<string, number[]>();
  return (sender: string): boolean => {
    const since = now() - REACTION_WINDOW_MS;
    const times = (recent.get(sender) ?? []).filter((t) => t > since);
    if (times.length >= REACTIONS_PER_WINDOW) {
      recent.set(sender, times);
      return false;
    }
    times.push(now());
    recent.set(sender, times);
    return true;
  };
}
