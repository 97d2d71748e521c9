/** Rooms from follows imported from Bluesky or Mastodon say where the follow comes from: popup list, room bar, notification. */
import { render, screen } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { RoomBar } from '@/components/feed/RoomBar';
import { RoomList } from '@/components/RoomList';
import { UpcomingList } from '@/components/UpcomingList';
import { notificationText } from '@/utils/background/live-watcher';
import { followedViaKey } from '@/utils/ui/followed-via';
import type { MessageKey } from '@/utils/ui/i18n';
import type { RoomSummary } from '@/wire/room-summary';
import { liveRoom } from './feed/support/live-room';
import { useLocale } from './support/locale';

const fromBluesky = liveRoom({ id: 'Room000001', title: 'Morning show', followedVia: ['bsky'] });
const fromMastodon = liveRoom({ id: 'Room000002', title: 'Late talk', followedVia: ['mastodon'] });
const onEarshot = liveRoom({ id: 'Room000003', title: 'Plain', hostName: 'Ada' });
const now = Date.parse('2026-01-01T00:05:30Z');

describe('followedViaKey', () => {
  it.each<[RoomSummary['followedVia'], MessageKey | null]>([
    [undefined, null],
    [[], null],
    [['bsky'], 'followedViaBsky'],
    [['mastodon'], 'followedViaMastodon'],
    [['bsky', 'mastodon'], 'followedViaBoth'],
    [['mastodon', 'bsky'], 'followedViaBoth'],
  ])('%j → %s', (followedVia, key) => {
    expect(followedViaKey({ followedVia })).toBe(key);
  });

  it.each([
    ['en', ['via Bluesky', 'via Mastodon', 'via Bluesky and Mastodon']],
    ['fr', ['via Bluesky', 'via Mastodon', 'via Bluesky et Mastodon']],
  ] as const)('reads in %s', (lang, expected) => {
    useLocale(lang);
    const keys = ['followedViaBsky', 'followedViaMastodon', 'followedViaBoth'] as const;
    expect(keys.map((key) => browser.i18n.getMessage(key))).toEqual(expected);
  });
});

describe('the popup’s list', () => {
  it('marks a room from an imported follow "via Bluesky" / "via Mastodon", and an Earshot follow not at all', () => {
    useLocale('en');
    render(
      <RoomList
        rooms={[fromBluesky, fromMastodon, onEarshot]}
        currentRoomId={null}
        onJoin={vi.fn()}
        now={now}
      />,
    );
    const meta = [...document.querySelectorAll('.room-meta')].map((e) => e.textContent);
    expect(meta).toEqual([
      'Dana Lee · 3 listening · live for 5 min · via Bluesky',
      'Dana Lee · 3 listening · live for 5 min · via Mastodon',
      'Ada · 3 listening · live for 5 min',
    ]);
  });

  it('in French too', () => {
    useLocale('fr');
    render(<RoomList rooms={[fromBluesky]} currentRoomId={null} onJoin={vi.fn()} now={now} />);
    expect(document.querySelector('.room-meta')?.textContent).toMatch(/ · via Bluesky$/);
  });
});

describe('the popup’s upcoming rooms', () => {
  it('mark a scheduled room from an imported follow after its start time, and an Earshot follow not at all', () => {
    useLocale('en');
    const scheduledFor = '2026-01-02T18:00:00Z';
    const scheduled = (r: RoomSummary): RoomSummary => ({
      ...r,
      state: 'scheduled',
      startedAt: null,
      scheduledFor,
    });
    render(
      <UpcomingList
        rooms={[scheduled(fromMastodon), scheduled(onEarshot)]}
        me={null}
        reminders={new Set()}
        onStart={vi.fn()}
        onRemind={vi.fn()}
      />,
    );
    const meta = [...document.querySelectorAll('.room-meta')].map((e) => e.textContent);
    expect(meta[0]).toMatch(/^Dana Lee · Starts .+ · via Mastodon$/);
    expect(meta[1]).toMatch(/^Ada · Starts [^·]+$/);
  });
});

describe('the room bar', () => {
  it('adds where the follow comes from after the listeners', () => {
    useLocale('en');
    render(<RoomBar rooms={[fromBluesky, onEarshot]} currentRoomId={null} onJoin={vi.fn()} />);
    const meta = [...document.querySelectorAll('.es-bar-meta')].map((e) => e.textContent);
    expect(meta).toEqual(['3 listening · via Bluesky', '3 listening']);
    expect(screen.getByText('3 listening · via Bluesky')).toBeTruthy();
  });
});

describe('the notification', () => {
  it('says where the follow comes from in its title', () => {
    useLocale('en');
    const message = (key: MessageKey, substitutions?: string[]) =>
      browser.i18n.getMessage(key, substitutions);
    expect(notificationText(fromBluesky, 'went_live', message)).toEqual({
      title: 'Dana Lee is live · via Bluesky',
      message: 'Morning show',
    });
    expect(notificationText(fromMastodon, 'reminder', message)).toEqual({
      title: 'Starting now, hosted by Dana Lee · via Mastodon',
      message: 'Late talk',
    });
    expect(notificationText(onEarshot, 'went_live', message)).toEqual({
      title: 'Ada is live',
      message: 'Plain',
    });
    useLocale('fr');
    expect(notificationText(fromBluesky, 'went_live', message).title).toBe(
      'Dana Lee est en direct · via Bluesky',
    );
  });
});
