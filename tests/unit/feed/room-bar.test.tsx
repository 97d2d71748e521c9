/** The room bar above the timeline: live rooms, one click to listen, and "Start a room" (English). */
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { RoomBar } from '@/components/feed/RoomBar';
import type { RoomSummary } from '@/utils/protocol/session-state';
import { useLocale } from '../support/locale';
import { liveRoom } from './support/live-room';

beforeAll(() => useLocale('en'));

const room = (id: string, title: string, listenerCount = 3): RoomSummary =>
  liveRoom({ id, title, hostName: 'Dana Lee', listenerCount });

describe('room bar', () => {
  it('lists the live rooms with their listeners, joins on click, and ends with "Start a room"', () => {
    const onJoin = vi.fn();
    const { container } = render(
      <RoomBar
        rooms={[room('Room000001', 'Morning show'), room('Room000002', 'Late talk', 1)]}
        currentRoomId={null}
        onJoin={onJoin}
        onStart={vi.fn()}
      />,
    );
    const nav = screen.getByRole('navigation', { name: 'Live rooms' });
    expect([...nav.querySelectorAll('.es-bar-title')].map((e) => e.textContent)).toEqual([
      'Morning show',
      'Late talk',
    ]);
    expect(screen.getByText('3 listening')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Join Late talk' }));
    expect(onJoin).toHaveBeenCalledWith(expect.objectContaining({ id: 'Room000002' }));
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.at(-1)?.textContent).toContain('Start a room');
  });

  it('collapses to the start button alone when nobody is live, and to nothing without it', () => {
    const { container, rerender } = render(
      <RoomBar rooms={[]} currentRoomId={null} onJoin={vi.fn()} onStart={vi.fn()} />,
    );
    const nav = screen.getByRole('navigation', { name: 'Live rooms' });
    expect(nav.classList.contains('es-bar-empty')).toBe(true);
    expect(nav.querySelectorAll('li')).toHaveLength(0);
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['+Start a room']);
    rerender(<RoomBar rooms={[]} currentRoomId={null} onJoin={vi.fn()} />);
    expect(container.innerHTML).toBe('');
  });

  it('ignores clicks a page script makes on "Start a room" (only a person opens windows)', () => {
    const onStart = vi.fn();
    render(<RoomBar rooms={[]} currentRoomId={null} onJoin={vi.fn()} onStart={onStart} />);
    const start = screen.getByRole('button', { name: /Start a room/ });
    fireEvent.click(start); // a synthetic event: isTrusted is false
    start.click();
    expect(onStart).not.toHaveBeenCalled();
  });
});
