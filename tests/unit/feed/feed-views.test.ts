/** The per-post views built with DOM calls: a room card and the "Live" chip (English). */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createLiveChip } from '@/components/feed/live-chip';
import { createRoomCard } from '@/components/feed/room-card';
import { useLocale } from '../support/locale';
import { liveRoom } from './support/live-room';

beforeAll(() => useLocale('en'));

const HOSTILE = '<img src=x onerror="alert(1)">Night <b>talk</b>';
const room = liveRoom;

describe('room card', () => {
  it('shows a live room with its host and listeners, and Join joins it', () => {
    const onJoin = vi.fn();
    const card = createRoomCard(onJoin);
    card.update({ room: room(), here: false });
    const node = card.node;
    expect(node.getAttribute('data-room-id')).toBe('Room000001');
    expect(node.querySelector('.es-card-title')?.textContent).toBe('Morning show');
    expect(node.querySelector('.es-card-meta')?.textContent).toBe('Hosted by Dana Lee · 3 listening');
    expect(node.querySelector('.es-avatar')?.textContent).toBe('DL');
    expect(node.querySelector('.es-badge-live')?.textContent).toBe('Live');
    const join = node.querySelector<HTMLButtonElement>('button.es-join')!;
    expect(join.getAttribute('aria-label')).toBe('Join Morning show');
    card.activate(join);
    expect(onJoin).toHaveBeenCalledWith(expect.objectContaining({ id: 'Room000001' }));
  });

  it('follows the news: listening here, then ended (no Join), and titles stay text', () => {
    const onJoin = vi.fn();
    const card = createRoomCard(onJoin);
    card.update({ room: room(), here: false });
    card.update({ room: room({ listenerCount: 4 }), here: true });
    expect(card.node.querySelector('button')).toBeNull();
    expect(card.node.querySelector('.es-here')?.textContent).toBe('Listening');
    expect(card.node.querySelector('.es-card-meta')?.textContent).toContain('4 listening');
    card.update({ room: room({ state: 'ended', title: HOSTILE }), here: false });
    expect(card.node.querySelector('button, .es-here')).toBeNull();
    expect(card.node.getAttribute('data-state')).toBe('ended');
    expect(card.node.querySelector('.es-card-title')?.textContent).toBe(HOSTILE);
    expect(card.node.querySelector('img, b')).toBeNull();
  });

  it('shows a scheduled room without Join', () => {
    const card = createRoomCard(vi.fn());
    card.update({
      room: room({ state: 'scheduled', startedAt: null, scheduledFor: '2030-01-01T18:00:00Z' }),
      here: false,
    });
    expect(card.node.querySelector('.es-badge-scheduled')).not.toBeNull();
    expect(card.node.querySelector('button')).toBeNull();
  });
});

describe('live chip', () => {
  // That a click on a mounted chip does not follow the link it sits in, nor reach the page's handlers, is
  // checked in a real browser: tests/e2e/feed-isolation.e2e.test.ts.
  it('joins when activated, and shows the title as text', () => {
    const onJoin = vi.fn();
    const chip = createLiveChip(onJoin);
    chip.update({ room: room({ title: HOSTILE }), here: false, live: true });
    chip.activate(chip.node);
    expect(onJoin).toHaveBeenCalledWith(expect.objectContaining({ id: 'Room000001' }));
    expect(chip.node.textContent).toBe('Live');
    expect(chip.node.getAttribute('title')).toBe(HOSTILE);
    expect(chip.node.querySelector('img')).toBeNull();
  });

  it('says "Listening" in the room, and hides once the host is no longer live', () => {
    const chip = createLiveChip(vi.fn());
    chip.update({ room: room(), here: true, live: true });
    expect(chip.node.getAttribute('aria-pressed')).toBe('true');
    expect(chip.node.textContent).toBe('Listening');
    chip.update({ room: room(), here: false, live: false });
    expect(chip.node.hidden).toBe(true);
    chip.update({ room: room(), here: false, live: true });
    expect(chip.node.hidden).toBe(false);
  });
});
