import { describe, expect, it } from 'vitest';
import { createLiveWatcher } from '@/utils/background/live-watcher';
import type { Directory, RoomSummary } from '@/utils/protocol/session-state';
import { room } from './fakes';

function setup(initialReminders: Record<string, string> = {}) {
  let directory: Directory | null = { live: [], upcoming: [] };
  let known: string[] | null = null;
  let reminders = initialReminders;
  const notified: string[] = [];
  const badges: number[] = [];
  let current: string | null = null;
  const watcher = createLiveWatcher({
    directory: async () => directory,
    known: {
      load: async () => known,
      save: async (ids) => {
        known = ids;
      },
    },
    reminders: {
      load: async () => reminders,
      save: async (r) => {
        reminders = r;
      },
    },
    notify: (r: RoomSummary, why) => notified.push(`${why} ${r.id}`),
    setBadge: (count) => badges.push(count),
    currentRoomId: async () => current,
  });
  return {
    watcher,
    notified,
    badges,
    setLive: (...ids: string[]) => (directory = { live: ids.map((id) => room(id)), upcoming: [] }),
    signOut: () => (directory = null),
    join: (id: string) => (current = id),
    reminders: () => reminders,
  };
}

describe('live watcher', () => {
  it('announces followed rooms that go live after the first check, and counts them on the badge', async () => {
    const w = setup();
    w.setLive('a');
    await w.watcher.check(); // first check: learns, announces nothing
    expect(w.notified).toEqual([]);
    w.setLive('a', 'b');
    await w.watcher.check();
    await w.watcher.check(); // already known: not again
    expect(w.notified).toEqual(['went_live b']);
    expect(w.badges).toEqual([1, 2, 2]);
  });

  it('reminds once when a reminded room starts, and not for the room the user is in', async () => {
    const w = setup({ s1: 'Scheduled show', s2: 'Other' });
    await w.watcher.check();
    w.join('s2');
    w.setLive('s1', 's2');
    await w.watcher.check();
    await w.watcher.check();
    expect(w.notified).toEqual(['reminder s1']);
    expect(w.reminders()).toEqual({ s2: 'Other' });
  });

  it('signed out: no badge, nothing known', async () => {
    const w = setup();
    w.signOut();
    await w.watcher.check();
    expect(w.badges).toEqual([0]);
    expect(w.notified).toEqual([]);
  });
});
