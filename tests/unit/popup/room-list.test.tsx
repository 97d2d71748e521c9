import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EndedNotice } from '@/components/EndedNotice';
import { liveFor, RoomList } from '@/components/RoomList';
import { UpcomingList } from '@/components/UpcomingList';
import { room } from '../fakes';
import { useLocale } from '../support/locale';

beforeEach(() => useLocale('en'));

describe('live room list', () => {
  it('says so when nothing is live', () => {
    render(<RoomList rooms={[]} currentRoomId={null} onJoin={() => undefined} />);
    expect(screen.getByText('No live rooms right now. Check back soon.')).toBeTruthy();
  });

  it('lists rooms with host and listeners; Join joins that room; the current one is marked', () => {
    const onJoin = vi.fn();
    const now = Date.parse('2026-11-25T10:05:30Z'); // the rooms went live at 10:00
    render(
      <RoomList
        rooms={[room('r1', 'Jazz'), room('r2', 'News')]}
        currentRoomId="r1"
        onJoin={onJoin}
        now={now}
      />,
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('Listening')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Join Jazz' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Join News' }));
    expect(onJoin).toHaveBeenCalledWith(expect.objectContaining({ id: 'r2' }));
    expect(screen.getAllByText('Ada · 3 listening · live for 5 min')).toHaveLength(2);
  });
});

describe('how long a room has run', () => {
  it.each([
    ['2026-11-25T10:00:20Z', 'just started'],
    ['2026-11-25T10:42:00Z', 'live for 42 min'],
    ['2026-11-25T12:07:00Z', 'live for 2 h 7'],
  ])('at %s', (now, text) => {
    expect(liveFor('2026-11-25T10:00:00Z', Date.parse(now))).toBe(text);
  });
});

describe('ended notice', () => {
  it.each([
    ['room_ended', 'The room has ended.'],
    ['removed', 'You were removed from the room.'],
    ['audio_stopped', 'Audio stopped unexpectedly. Join again to keep listening.'],
    ['something_new', 'The connection to the room was lost.'],
  ])('%s', (reason, text) => {
    const onDismiss = vi.fn();
    render(<EndedNotice reason={reason} onDismiss={onDismiss} />);
    expect(screen.getByRole('status').textContent).toContain(text);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledOnce();
  });
});

describe('upcoming rooms', () => {
  it('offers Remind me for others’ rooms and Start for your own', () => {
    const onStart = vi.fn();
    const onRemind = vi.fn();
    const mine = {
      ...room('s1', 'My show'),
      state: 'scheduled' as const,
      hostUsername: 'ada',
      scheduledFor: '2099-01-01T18:00:00Z',
    };
    const theirs = {
      ...room('s2', 'Their show'),
      state: 'scheduled' as const,
      hostUsername: 'bob',
      scheduledFor: '2099-01-02T18:00:00Z',
    };
    render(
      <UpcomingList
        rooms={[mine, theirs]}
        me="ada"
        reminders={new Set(['s2'])}
        onStart={onStart}
        onRemind={onRemind}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    expect(onStart).toHaveBeenCalledWith(mine);
    const reminder = screen.getByRole('button', { name: 'Reminder set' });
    expect(reminder.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(reminder);
    expect(onRemind).toHaveBeenCalledWith(theirs, false);
  });
});
