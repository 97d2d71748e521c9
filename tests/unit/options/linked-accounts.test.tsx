import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { LinkedAccounts, type LinkedAccountsProps } from '@/components/LinkedAccounts';
import type { IdentityState } from '@/utils/protocol/identity-state';
import { useLocale } from '../support/locale';

const signedIn: IdentityState = {
  profileUrl: 'https://earshot.example/u/ada',
  handles: [
    { site: 'mastodon', handle: 'ada@social.example', status: 'verified' },
    { site: 'bsky', handle: 'ada.bsky.social', status: 'claimed' },
    { site: 'x', handle: 'ada_x', status: 'claimed' },
  ],
  imports: [
    {
      site: 'mastodon',
      handle: 'ada@social.example',
      followCount: 5000,
      truncated: false,
      syncedAt: '2030-01-01T10:00:00Z',
    },
  ],
};

const props = (overrides: Partial<LinkedAccountsProps> = {}): LinkedAccountsProps => ({
  state: signedIn,
  onVerify: vi.fn().mockResolvedValue(undefined),
  onClaimX: vi.fn().mockResolvedValue(undefined),
  onImport: vi.fn().mockResolvedValue(undefined),
  onRemoveImport: vi.fn().mockResolvedValue(undefined),
  onBlueskySignIn: vi.fn().mockResolvedValue(undefined),
  ...overrides,
});

describe('linked accounts (options page)', () => {
  beforeEach(() => useLocale('en'));

  it('shows the profile address, verified and claimed handles, and the X rule', () => {
    render(<LinkedAccounts {...props()} />);
    expect(screen.getByText('https://earshot.example/u/ada')).toBeTruthy();
    expect(screen.getByText('@ada@social.example — verified.')).toBeTruthy();
    expect(
      screen.getByText('@ada.bsky.social — claimed, not verified: no Live chip on its posts.'),
    ).toBeTruthy();
    expect(
      screen.getByText(
        'X handles cannot be verified: on X, Live chips show only to people who follow you on Earshot.',
      ),
    ).toBeTruthy();
    expect(screen.getByText(/^5000 follows imported/)).toBeTruthy();
  });

  it('verifies a handle and shows the service’s reason when it fails', async () => {
    const onVerify = vi
      .fn()
      .mockRejectedValue(new Error('No profile field links to https://earshot.example/u/ada'));
    render(<LinkedAccounts {...props({ onVerify })} />);
    fireEvent.input(screen.getByLabelText('Bluesky handle'), { target: { value: ' ada.bsky.social ' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Verify' })[1]!);
    expect((await screen.findByRole('alert')).textContent).toContain('No profile field links');
    expect(onVerify).toHaveBeenCalledWith('bsky', 'ada.bsky.social');
  });

  it('offers Sign in with Bluesky for the handle typed', async () => {
    const p = props();
    render(<LinkedAccounts {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in with Bluesky' }));
    await waitFor(() => expect(p.onBlueskySignIn).toHaveBeenCalledWith('ada.bsky.social'));
  });

  it('syncs and removes imported follows', async () => {
    const p = props();
    render(<LinkedAccounts {...p} />);
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(p.onImport).toHaveBeenCalledWith('mastodon');
    const remove = screen.getByRole('button', { name: 'Remove imported follows' });
    // One action at a time: the buttons wait for the sync to finish.
    await waitFor(() => expect((remove as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(remove);
    await waitFor(() => expect(p.onRemoveImport).toHaveBeenCalledWith('mastodon'));
  });

  it('asks to sign in first, in French too', () => {
    useLocale('fr');
    render(<LinkedAccounts {...props({ state: { profileUrl: null, handles: [], imports: [] } })} />);
    expect(screen.getByText('Connectez-vous pour lier vos comptes Bluesky, Mastodon et X.')).toBeTruthy();
  });
});
