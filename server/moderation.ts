/**
 * Running a room's stage: hands raised by listeners, and what the host and cohosts may do to others
 * (invite to the stage and back, mute, remove and ban, appoint cohosts). Each concern has its module
 * in moderation/.
 */
import { createModerationContext, type ModerationDeps } from './moderation/moderation-context.ts';
import { createMuteAndRemove } from './moderation/mute-and-remove.ts';
import { createRaisedHands } from './moderation/raised-hands.ts';
import { createStageRoles } from './moderation/stage-roles.ts';

export type { ModerationDeps, Target } from './moderation/moderation-context.ts';
export { MAX_COHOSTS, STAGE_CAPACITY, type StageChange } from './moderation/stage-roles.ts';

export function createModeration(deps: ModerationDeps) {
  const context = createModerationContext(deps);
  return {
    ...createRaisedHands(context),
    ...createStageRoles(context),
    ...createMuteAndRemove(context),
  };
}

export type Moderation = ReturnType<typeof createModeration>;
