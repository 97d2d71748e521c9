import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { NowPlaying } from '@/components/NowPlaying';
import { IDLE_SESSION, type SessionState, type StageParticipant } from '@/utils/protocol/session-state';
import { useLocale } from '../support/locale';

const host: StageParticipant = {
  identity: 'u-1',
  name: 'Ada Lovelace',
  isSpeaking: true,
  isLocal: false,
  isMuted: false,
  role: 'host',
};

function session(overrides: Partial<SessionState>): SessionState {
  return {
    ...IDLE_SESSION,
    status: 'connected',
    room: { id: 'r1', title: 'Morning show', hostName: 'Ada Lovelace' },
    speakers: [host],
    listenerCount: 12,
    local: { identity: 'u-2', role: 'listener', canPublish: false, micEnabled: false },
    ...overrides,
  };
}

function show(state: SessionState, actionError: string | null = null) {
  const onLeave = vi.fn();
  const onToggleMicrophone = vi.fn();
  render(
    <NowPlaying
      session={state}
      onLeave={onLeave}
      onToggleMicrophone={onToggleMicrophone}
      actionError={actionError}
    />,
  );
  return { onLeave, onToggleMicrophone };
}

beforeEach(() => useLocale('en'));

describe('now playing', () => {
  it('shows nothing when not in a room', () => {
    const { container } = render(
      <NowPlaying session={IDLE_SESSION} onLeave={() => undefined} onToggleMicrophone={() => undefined} />,
    );
    expect(container.textContent).toBe('');
  });

  it('as a listener: title, host, live state, who speaks, how many listen, no microphone button', () => {
    const { onLeave } = show(session({}));
    expect(screen.getByRole('heading', { name: 'Morning show' })).toBeTruthy();
    expect(screen.getByText('Hosted by Ada Lovelace')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Live');
    expect(screen.getByText('Listener')).toBeTruthy();
    expect(screen.getByText('12 listening')).toBeTruthy();
    const speaker = screen.getByText('Ada Lovelace', { selector: '.speaker-name' }).closest('li')!;
    expect(speaker.dataset.speaking).toBe('true');
    expect(speaker.textContent).toContain('speaking');
    expect(screen.queryByRole('button', { name: 'Unmute' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Leave' }));
    expect(onLeave).toHaveBeenCalledOnce();
  });

  it('as a speaker: muted at first, with an Unmute button that toggles', () => {
    const me: StageParticipant = {
      ...host,
      identity: 'u-2',
      name: 'Me',
      isLocal: true,
      isMuted: true,
      role: 'speaker',
      isSpeaking: false,
    };
    const { onToggleMicrophone } = show(
      session({
        speakers: [host, me],
        local: { identity: 'u-2', role: 'speaker', canPublish: true, micEnabled: false },
      }),
    );
    expect(screen.getByText('Speaker')).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Unmute' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(onToggleMicrophone).toHaveBeenCalledOnce();
    const mine = screen.getByText('Me', { selector: '.speaker-name' }).closest('li')!;
    expect(mine.dataset.muted).toBe('true');
    expect(mine.textContent).toContain('muted');
  });

  it('a signed-in listener can follow the host from the room', () => {
    const onFollowHost = vi.fn();
    render(
      <NowPlaying
        session={session({
          room: { id: 'r1', title: 'Morning show', hostName: 'Ada Lovelace', hostUsername: 'ada' },
        })}
        onLeave={vi.fn()}
        onToggleMicrophone={vi.fn()}
        onFollowHost={onFollowHost}
        followingHost={false}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Follow @ada' }));
    expect(onFollowHost).toHaveBeenCalledWith(true);
  });

  it('the host picks a speaker to mute, move back, make co-host or remove', () => {
    const onModerate = vi.fn();
    const guest: StageParticipant = {
      ...host,
      identity: 'u-9',
      name: 'Bo',
      role: 'speaker',
      isSpeaking: false,
    };
    render(
      <NowPlaying
        session={session({
          speakers: [{ ...host, identity: 'u-1', isLocal: true }, guest],
          local: { identity: 'u-1', role: 'host', canPublish: true, micEnabled: true },
        })}
        onLeave={vi.fn()}
        onToggleMicrophone={vi.fn()}
        onModerate={onModerate}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Ada Lovelace' })).toBeNull(); // not yourself
    fireEvent.click(screen.getByRole('button', { name: 'Bo' }));
    fireEvent.click(screen.getByRole('button', { name: 'Move to listeners' }));
    fireEvent.click(screen.getByRole('button', { name: 'Make co-host' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onModerate.mock.calls).toEqual([
      ['move-to-listeners', 'u-9'],
      ['make-cohost', 'u-9'],
      ['remove', 'u-9'],
    ]);
  });

  it('as the host with the microphone on: Mute is offered', () => {
    show(session({ local: { identity: 'u-1', role: 'host', canPublish: true, micEnabled: true } }));
    expect(screen.getByText('Host')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('while joining and reconnecting, says so', () => {
    show(session({ status: 'joining', speakers: [], local: null }));
    expect(screen.getByRole('status').textContent).toBe('Joining…');
    expect(screen.queryByText(/listening/)).toBeNull();
  });

  it('shows a failed join and an action error as alerts', () => {
    show(session({ status: 'error', error: 'The rooms service at http://127.0.0.1:8787 cannot be reached' }));
    expect(screen.getByRole('alert').textContent).toContain('cannot be reached');
  });

  it('renders titles and names with markup as plain text', () => {
    show(
      session({
        room: { id: 'r1', title: '<img src=x onerror=alert(1)>', hostName: '<b>Eve</b>' },
        speakers: [{ ...host, name: '<script>alert(1)</script>' }],
      }),
    );
    expect(screen.getByRole('heading', { name: '<img src=x onerror=alert(1)>' })).toBeTruthy();
    expect(document.querySelector('img, script, b')).toBeNull();
  });

  it('speaks French', () => {
    useLocale('fr');
    show(session({ local: { identity: 'u-2', role: 'speaker', canPublish: true, micEnabled: false } }));
    expect(screen.getByRole('status').textContent).toBe('En direct');
    expect(screen.getByText('Animé par Ada Lovelace')).toBeTruthy();
    expect(screen.getByText('12 à l’écoute')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Quitter' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ouvrir le micro' })).toBeTruthy();
  });
});
