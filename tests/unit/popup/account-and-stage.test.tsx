import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountPanel } from '@/components/AccountPanel';
import { FollowSearch } from '@/components/FollowSearch';
import { RequestQueue } from '@/components/RequestQueue';
import { StartRoomForm } from '@/components/StartRoomForm';
import { useLocale } from '../support/locale';

beforeEach(() => useLocale('en'));

const profile = (username: string, displayName = username) => ({
  id: `id-${username}`,
  username,
  displayName,
  avatarUrl: null,
});

describe('signed out', () => {
  it('signs in with username and password, and shows the service’s error', async () => {
    const onSignIn = vi
      .fn()
      .mockRejectedValueOnce(new Error('Wrong username or password'))
      .mockResolvedValue(undefined);
    render(<AccountPanel profile={null} onSignIn={onSignIn} onSignUp={vi.fn()} onSignOut={vi.fn()} />);
    fireEvent.input(screen.getByLabelText('Username'), { target: { value: ' ada ' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'secret words' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password');
    expect(onSignIn).toHaveBeenCalledWith({ username: 'ada', password: 'secret words' });
  });

  it('switches to creating an account, with a display name', async () => {
    const onSignUp = vi.fn().mockResolvedValue(undefined);
    render(<AccountPanel profile={null} onSignIn={vi.fn()} onSignUp={onSignUp} onSignOut={vi.fn()} />);
    fireEvent.click(screen.getByRole('button', { name: 'New here? Create an account' }));
    fireEvent.input(screen.getByLabelText('Username'), { target: { value: 'ada' } });
    fireEvent.input(screen.getByLabelText('Display name'), { target: { value: 'Ada L.' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'long enough' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await waitFor(() =>
      expect(onSignUp).toHaveBeenCalledWith({
        username: 'ada',
        password: 'long enough',
        displayName: 'Ada L.',
      }),
    );
  });

  it('signed in: shows who, and signs out', () => {
    const onSignOut = vi.fn();
    render(
      <AccountPanel
        profile={profile('ada', 'Ada')}
        onSignIn={vi.fn()}
        onSignUp={vi.fn()}
        onSignOut={onSignOut}
      />,
    );
    expect(screen.getByText('@ada')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(onSignOut).toHaveBeenCalledOnce();
  });
});

describe('follows', () => {
  it('finds people by username, never yourself, and toggles following', async () => {
    const onFollow = vi.fn();
    const search = vi.fn().mockResolvedValue([profile('ada'), profile('bob', 'Bob'), profile('bea', 'Bea')]);
    render(<FollowSearch me="ada" following={new Set(['bea'])} onFollow={onFollow} search={search} />);
    fireEvent.input(screen.getByLabelText('Search by username'), { target: { value: 'b' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('button', { name: 'Follow @bob' });
    expect(screen.queryByText('@ada')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Follow @bob' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unfollow @bea' }));
    expect(onFollow.mock.calls).toEqual([
      ['bob', true],
      ['bea', false],
    ]);
  });

  it('says when nobody matches', async () => {
    render(<FollowSearch me="ada" following={new Set()} onFollow={vi.fn()} search={async () => []} />);
    fireEvent.input(screen.getByLabelText('Search by username'), { target: { value: 'zz' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('Nobody by that name.')).toBeTruthy();
  });
});

describe('hosting', () => {
  it('the request queue lists raised hands, oldest first, each with Invite', () => {
    const onInvite = vi.fn();
    render(
      <RequestQueue
        requests={[
          { accountId: 'a1', username: 'ann', displayName: 'Ann', raisedAt: '2026-11-25T10:00:00Z' },
          { accountId: 'b2', username: 'bo', displayName: 'Bo', raisedAt: '2026-11-25T10:01:00Z' },
        ]}
        onInvite={onInvite}
      />,
    );
    expect(screen.getByText('Requests to speak (2)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Invite Bo to speak' }));
    expect(onInvite).toHaveBeenCalledWith('b2');
  });

  it('an empty queue says nobody asked', () => {
    render(<RequestQueue requests={[]} onInvite={vi.fn()} />);
    expect(screen.getByText('No one has raised a hand.')).toBeTruthy();
  });

  it('starts a room now, or schedules it', async () => {
    const onStart = vi.fn().mockResolvedValue(undefined);
    render(<StartRoomForm onStart={onStart} />);
    fireEvent.click(screen.getByRole('button', { name: 'Start a room' }));
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Morning show' } });
    fireEvent.input(screen.getByLabelText('Topic (optional)'), { target: { value: 'News' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go live' }));
    await waitFor(() => expect(onStart).toHaveBeenCalledWith({ title: 'Morning show', description: 'News' }));

    fireEvent.click(await screen.findByRole('button', { name: 'Start a room' }));
    fireEvent.input(screen.getByLabelText('Title'), { target: { value: 'Later show' } });
    fireEvent.click(screen.getByLabelText('Later'));
    fireEvent.input(screen.getAllByLabelText('Later')[1]!, { target: { value: '2099-01-01T18:00' } });
    fireEvent.click(screen.getByRole('button', { name: 'Schedule' }));
    await waitFor(() =>
      expect(onStart).toHaveBeenLastCalledWith({
        title: 'Later show',
        scheduledFor: new Date('2099-01-01T18:00').toISOString(),
      }),
    );
  });
});
