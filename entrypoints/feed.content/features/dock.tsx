/**
 * The dock (mini player) in a corner of the page while the user is in a room: status, title, who speaks, the
 * stage actions (mute when on stage, raise hand when signed in, a quick reaction) and Leave.
 */
import { signal as createSignal, untracked } from '@preact/signals';
import { type DockAction, MiniPlayer } from '@/components/feed/MiniPlayer';
import { watch } from '@/utils/feed/abortable';
import { t } from '@/utils/feed/i18n';
import type { SessionState } from '@/utils/protocol/session-state';
import type { FeedContext } from '../feed-context';
import { onStatusChange, showAnswer } from '../session';
import type { FeedUi } from '../shadow-ui';

export function showDock(context: FeedContext, signal: AbortSignal): void {
  const { ask, state, page, ui } = context;
  const signedIn = createSignal(false);
  const leave = () => showAnswer(state.session, ask('room:leave'));
  const view = () => (
    <MiniPlayer
      session={state.session.value}
      actions={dockActions(context, state.session.value, signedIn.value)}
      onLeave={leave}
    />
  );

  let dock: FeedUi | null = null;
  const sync = () => {
    const session = state.session.value;
    if (session.status === 'idle' || session.room === null) {
      dock?.remove();
      dock = null;
      return;
    }
    if (dock?.connected) return;
    dock?.remove();
    dock = ui.render('earshot-dock', { anchor: document.body, placement: 'last' }, view, signal);
  };
  // In a room now: is the user signed in (for the hand and reactions)?
  onStatusChange(
    state.session,
    (status) => {
      if (status !== 'connected') return;
      ask('account:get')
        .then((account) => {
          signedIn.value = account.profile !== null;
        })
        .catch(() => undefined);
    },
    signal,
  );
  watch(() => {
    void state.session.value;
    untracked(sync);
  }, signal);
  // The site may re-render the body's children and take the dock with them.
  page.onFrame(() => {
    if (dock && !dock.connected) sync();
  }, signal);
}

/** The dock's stage actions for `session`. */
function dockActions({ ask, state }: FeedContext, session: SessionState, signedIn: boolean): DockAction[] {
  const local = session.local;
  if (session.status !== 'connected' || !local) return [];
  const actions: DockAction[] = [];
  if (local.canPublish) {
    actions.push({
      id: 'microphone',
      label: t(local.micEnabled ? 'mute' : 'unmute'),
      icon: local.micEnabled ? '🎙️' : '🔇',
      pressed: local.micEnabled,
      onClick: () => showAnswer(state.session, ask('room:microphone', { enabled: !local.micEnabled })),
    });
  } else if (signedIn) {
    actions.push({
      id: 'hand',
      label: t(session.handRaised ? 'lowerHand' : 'raiseHand'),
      icon: '✋',
      pressed: session.handRaised,
      onClick: () => showAnswer(state.session, ask('room:hand', { raised: !session.handRaised })),
    });
  }
  if (signedIn) {
    actions.push({
      id: 'react',
      label: t('reactWith', '👏'),
      icon: '👏',
      onClick: () => showAnswer(state.session, ask('room:react', { emoji: '👏' })),
    });
  }
  return actions;
}
