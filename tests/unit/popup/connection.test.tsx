import { fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionBanner } from '@/components/ConnectionBanner';
import { FollowSearch } from '@/components/FollowSearch';
import { type Connection, createRefresher } from '@/utils/pages/connection';
import { BackgroundError } from '@/utils/protocol/ask';
import { useLocale } from '../support/locale';

const unreachable = () =>
  new BackgroundError('The rooms service at http://127.0.0.1:8787 cannot be reached', 'unreachable');

describe('refresher', () => {
  let events: EventTarget;
  let online: boolean;
  let seen: Connection[];
  beforeEach(() => {
    vi.useFakeTimers();
    events = new EventTarget();
    online = true;
    seen = [];
  });
  afterEach(() => vi.useRealTimers());

  const refresher = (load: () => Promise<void>) =>
    createRefresher({
      load,
      everyMs: 15_000,
      retryDelaysMs: [1_000, 2_000, 5_000],
      onLine: () => online,
      events: events as unknown as Window,
      onConnection: (c) => seen.push(c),
    });

  it('refreshes every 15 s while the service answers', async () => {
    const load = vi.fn().mockResolvedValue(undefined);
    refresher(load).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['online', 'online']);
  });

  it('says the service is unreachable and retries with growing pauses until it answers', async () => {
    const load = vi
      .fn()
      .mockRejectedValueOnce(unreachable())
      .mockRejectedValueOnce(unreachable())
      .mockRejectedValueOnce(unreachable())
      .mockResolvedValue(undefined);
    refresher(load).start();
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['unreachable']);
    await vi.advanceTimersByTimeAsync(1_000); // first retry after 1 s
    expect(load).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(2_000); // then 2 s
    expect(load).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4_999); // then 5 s
    expect(load).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(load).toHaveBeenCalledTimes(4);
    expect(seen).toEqual(['unreachable', 'unreachable', 'unreachable', 'online']);
  });

  it('says offline at once when the browser goes offline, and retries as soon as it is back online', async () => {
    let up = true;
    const load = vi.fn(async () => {
      if (!up) throw unreachable();
    });
    refresher(load).start();
    await vi.advanceTimersByTimeAsync(0);
    online = false;
    up = false;
    events.dispatchEvent(new Event('offline'));
    expect(seen.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.at(-1)).toBe('offline'); // the retry failed too, and knows why
    online = true;
    up = true;
    const calls = load.mock.calls.length;
    events.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(calls + 1);
    expect(seen.at(-1)).toBe('online');
  });

  it('an action that could not reach the service turns the banner on; other failures do not', async () => {
    const r = refresher(vi.fn().mockResolvedValue(undefined));
    r.start();
    await vi.advanceTimersByTimeAsync(0);
    r.failed(new BackgroundError('Room is full', 'failed'));
    expect(seen).toEqual(['online']);
    r.failed(unreachable());
    expect(seen).toEqual(['online', 'unreachable']);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen).toEqual(['online', 'unreachable', 'online']);
  });

  it('one load at a time: a refresh asked for meanwhile runs after it, and its outcome is the one shown', async () => {
    let finishFirst: (ok: boolean) => void = () => undefined;
    const load = vi
      .fn()
      .mockImplementationOnce(
        () =>
          new Promise<void>(
            (resolve, reject) => (finishFirst = (ok) => (ok ? resolve() : reject(unreachable()))),
          ),
      )
      .mockResolvedValue(undefined);
    const r = refresher(load);
    r.start();
    void r.refresh(); // e.g. the browser says it is back online while an attempt made offline is still out
    expect(load).toHaveBeenCalledTimes(1);
    finishFirst(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(load).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(['unreachable', 'online']);
  });

  it('stops when the popup closes', async () => {
    const load = vi.fn().mockResolvedValue(undefined);
    const r = refresher(load);
    r.start();
    await vi.advanceTimersByTimeAsync(0);
    r.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    events.dispatchEvent(new Event('online'));
    expect(load).toHaveBeenCalledTimes(1);
  });
});

describe.each(['en', 'fr'] as const)('connection banner (%s)', (lang) => {
  beforeEach(() => useLocale(lang));
  const text = {
    en: {
      unreachable: 'Can’t reach Earshot — retrying…',
      offline: 'You’re offline — Earshot will reconnect when the network is back.',
      plays: 'The room you’re in keeps playing.',
      kept: 'Your follows, rooms and reminders are kept.',
      retry: 'Retry',
    },
    fr: {
      unreachable: 'Impossible de joindre Earshot — nouvelle tentative…',
      offline: 'Vous êtes hors ligne — Earshot se reconnectera au retour du réseau.',
      plays: 'Le salon où vous êtes continue de jouer.',
      kept: 'Vos abonnements, salons et rappels sont conservés.',
      retry: 'Réessayer',
    },
  }[lang];

  it('shows nothing while online', () => {
    const { container } = render(
      <ConnectionBanner connection="online" updatedAt={null} inRoom={false} onRetry={vi.fn()} />,
    );
    expect(container.textContent).toBe('');
  });

  it('service down: says it retries, that the room plays on and nothing is lost; Retry retries', () => {
    const onRetry = vi.fn();
    render(<ConnectionBanner connection="unreachable" updatedAt={Date.now()} inRoom onRetry={onRetry} />);
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain(text.unreachable);
    expect(banner.textContent).toContain(text.plays);
    expect(banner.textContent).toContain(text.kept);
    expect(banner.textContent).not.toContain('127.0.0.1');
    fireEvent.click(screen.getByRole('button', { name: text.retry }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('offline: says so, without promising the room plays on', () => {
    render(<ConnectionBanner connection="offline" updatedAt={null} inRoom onRetry={vi.fn()} />);
    const banner = screen.getByRole('status');
    expect(banner.textContent).toContain(text.offline);
    expect(banner.textContent).not.toContain(text.plays);
  });
});

describe('following while the service cannot be reached', () => {
  beforeEach(() => useLocale('en'));

  it('shows why the follow was not saved, and the button still says Follow', async () => {
    const onFollow = vi.fn().mockRejectedValue(new Error('You’re offline — that didn’t go through.'));
    const search = async () => [{ id: 'id-bob', username: 'bob', displayName: 'Bob', avatarUrl: null }];
    render(<FollowSearch me="ada" following={new Set()} onFollow={onFollow} search={search} />);
    fireEvent.input(screen.getByLabelText('Search by username'), { target: { value: 'b' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Follow @bob' }));
    expect((await screen.findByRole('alert')).textContent).toBe('You’re offline — that didn’t go through.');
    expect(screen.getByRole('button', { name: 'Follow @bob' }).getAttribute('aria-pressed')).toBe('false');
  });
});
