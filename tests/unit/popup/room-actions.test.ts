import { signal } from '@preact/signals';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useRoomActions } from '@/entrypoints/popup/hooks/use-room-actions';
import { IDLE_SESSION, type SessionState } from '@/utils/protocol/session-state';
import type { HandRaise } from '@/wire/accounts';

/** The background's side: every request the popup sends, answered with `null`. */
function recordRequests() {
  const sent: unknown[] = [];
  fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
    sent.push(message);
    return { ok: true, value: null };
  }) as typeof fakeBrowser.runtime.sendMessage;
  return sent;
}

function actions() {
  const settled: Promise<unknown>[] = [];
  const model = useRoomActions({
    session: signal<SessionState>(IDLE_SESSION),
    requests: signal<HandRaise[]>([]),
    reminders: signal(new Set<string>()),
    act: (run) => void settled.push(run()),
  });
  return { model, settled };
}

describe('moderation from the now-playing card', () => {
  beforeEach(() => fakeBrowser.reset());

  it('"Make cohost" asks the background to make that speaker a cohost', async () => {
    const sent = recordRequests();
    const { model, settled } = actions();
    model.moderate('make-cohost', 'u-acc-42');
    await Promise.all(settled);
    expect(sent).toEqual([{ target: 'background', type: 'room:cohost', accountId: 'acc-42', on: true }]);
  });

  it('each moderation action sends its own request', async () => {
    const sent = recordRequests();
    const { model, settled } = actions();
    model.moderate('mute', 'u-a');
    model.moderate('move-to-listeners', 'u-b');
    model.moderate('remove', 'u-c');
    await Promise.all(settled);
    expect(sent).toEqual([
      { target: 'background', type: 'room:mute-speaker', accountId: 'a' },
      { target: 'background', type: 'room:stage', accountId: 'b', onStage: false },
      { target: 'background', type: 'room:remove', accountId: 'c' },
    ]);
  });

  it('a speaker without an account (a guest identity) is left alone', async () => {
    const sent = recordRequests();
    const { model, settled } = actions();
    model.moderate('make-cohost', 'guest-1');
    await Promise.all(settled);
    expect(sent).toEqual([]);
  });
});
