import { describe, expect, it } from 'vitest';
import { createReactionLimiter, REACTION_WINDOW_MS, REACTIONS_PER_WINDOW } from '@/wire/reactions';

describe('reaction limiter', () => {
  it('shows at most the allowed number per sender per window, independently per sender', () => {
    let now = 1_000;
    const allowed = createReactionLimiter(() => now);
    const shown = Array.from({ length: REACTIONS_PER_WINDOW + 3 }, () => allowed('ada')).filter(Boolean);
    expect(shown).toHaveLength(REACTIONS_PER_WINDOW);
    expect(allowed('bob')).toBe(true);
    now += REACTION_WINDOW_MS + 1;
    expect(allowed('ada')).toBe(true);
  });
});
