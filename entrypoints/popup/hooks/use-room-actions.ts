import type { Signal } from '@preact/signals';
import type { ModerationAction } from '@/components/NowPlaying';
import { ask } from '@/utils/protocol/ask';
import type { RoomSummary, SessionState } from '@/utils/protocol/session-state';
import type { HandRaise } from '@/wire/accounts';
import type { ReactionEmoji } from '@/wire/reactions';

/** identity `u-<accountId>` → accountId, for moderation through the service. */
const accountIdOf = (identity: string) => (identity.startsWith('u-') ? identity.slice(2) : null);

interface RoomActionsContext {
  session: Signal<SessionState>;
  requests: Signal<HandRaise[]>;
  reminders: Signal<Set<string>>;
  /** Runs an action, showing its failure in the now-playing card. */
  act: (run: () => Promise<unknown>) => void;
}

/** What the user can do in (or to) a room: each runs through `act`, and the session shows the outcome. */
export function useRoomActions({ session, requests, reminders, act }: RoomActionsContext) {
  /** Runs a request answered by the new session state, and shows it. */
  const update = (request: () => Promise<SessionState>) =>
    act(async () => {
      session.value = await request();
    });
  return {
    leave: () => update(() => ask('room:leave')),
    toggleMicrophone: () =>
      update(() => ask('room:microphone', { enabled: !session.value.local?.micEnabled })),
    raiseHand: (raised: boolean) => update(() => ask('room:hand', { raised })),
    react: (emoji: ReactionEmoji) => act(() => ask('room:react', { emoji })),
    end: () => update(() => ask('room:end')),
    start: (room: RoomSummary) => update(() => ask('room:start', { roomId: room.id })),
    copyLink: () => act(() => navigator.clipboard.writeText(session.value.room?.shareUrl ?? '')),
    moderate: (action: ModerationAction, identity: string) =>
      act(async () => {
        const accountId = accountIdOf(identity);
        if (!accountId) return;
        if (action === 'mute') await ask('room:mute-speaker', { accountId });
        if (action === 'remove') await ask('room:remove', { accountId });
        if (action === 'move-to-listeners') await ask('room:stage', { accountId, onStage: false });
        if (action === 'make-cohost') await ask('room:cohost', { accountId, on: true });
      }),
    invite: (accountId: string) =>
      act(async () => {
        await ask('room:stage', { accountId, onStage: true });
        requests.value = requests.value.filter((r) => r.accountId !== accountId);
      }),
    remind: (room: RoomSummary, on: boolean) =>
      act(async () => {
        const next = await ask('room:remind', { roomId: room.id, title: room.title, on });
        reminders.value = new Set(Object.keys(next));
      }),
  };
}

export type RoomActions = ReturnType<typeof useRoomActions>;
