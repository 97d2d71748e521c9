import { act, renderHook } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { useSession } from '@/entrypoints/popup/hooks/use-session';
import { openSessionSource } from '@/entrypoints/popup/session-source';
import { IDLE_SESSION, joiningSession, type SessionState } from '@/utils/protocol/session-state';

const room = { id: 'r1', title: 'Morning show', hostName: 'Ada' };
const connected: SessionState = { ...IDLE_SESSION, status: 'connected', room };

/** The background: answers `session:get` with `answer` (when it settles), counts the questions. */
function background(answer: Promise<SessionState>) {
  const asked: string[] = [];
  fakeBrowser.runtime.sendMessage = (async (message: { type: string }) => {
    asked.push(message.type);
    return { ok: true, value: await answer };
  }) as typeof fakeBrowser.runtime.sendMessage;
  return asked;
}

const announce = async (state: SessionState) => {
  await fakeBrowser.runtime.onMessage.trigger(
    { target: 'views', type: 'session:changed', state },
    {},
    () => {},
  );
};
const wait = async (ms: number) => {
  await vi.advanceTimersByTimeAsync(ms);
};

describe('the popup session source', () => {
  beforeEach(() => fakeBrowser.reset());

  it('asks once, and gives the answer to each subscriber, also to one that came later', async () => {
    const asked = background(Promise.resolve(connected));
    const source = openSessionSource();
    const first = vi.fn();
    source.subscribe(first);
    await vi.waitFor(() => expect(first).toHaveBeenCalledWith(connected));
    const later = vi.fn();
    source.subscribe(later);
    expect(later).toHaveBeenCalledWith(connected);
    expect(asked).toEqual(['session:get']);
    source.close();
  });

  it('an announced change wins over an answer that comes after it', async () => {
    let answer!: (state: SessionState) => void;
    background(new Promise((resolve) => (answer = resolve)));
    const source = openSessionSource();
    const seen: SessionState[] = [];
    source.subscribe((state) => seen.push(state));
    await announce(connected);
    answer(IDLE_SESSION);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([connected]);
    source.close();
  });
});

describe('useSession while joining', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it("shows the background's in-between Joining news of the same room later, and what comes next at once", async () => {
    background(new Promise(() => undefined));
    const { result } = renderHook(() => useSession(joiningSession(room), () => undefined));
    const withDetails = { ...joiningSession(room), room: { ...room, shareUrl: 'http://x/r/r1' } };
    await act(() => announce(withDetails));
    expect(result.current.session.value.room).toEqual(room);
    await act(() => wait(200));
    expect(result.current.session.value).toEqual(withDetails);
    await act(() => announce(joiningSession(room)));
    await act(() => announce(connected));
    expect(result.current.session.value).toEqual(connected);
    await act(() => wait(200));
    expect(result.current.session.value).toEqual(connected); // the held Joining news was dropped
  });

  it('shows a join that started elsewhere at once', async () => {
    background(new Promise(() => undefined));
    const { result } = renderHook(() => useSession(IDLE_SESSION, () => undefined));
    await act(() => announce(joiningSession(room)));
    expect(result.current.session.value.status).toBe('joining');
  });
});
