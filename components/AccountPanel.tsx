import { useSignal } from '@preact/signals';
import { t } from '@/utils/ui/i18n';
import type { Profile } from '@/wire/accounts';

export interface AccountPanelProps {
  profile: Profile | null;
  onSignIn: (input: { username: string; password: string }) => Promise<void>;
  onSignUp: (input: { username: string; password: string; displayName?: string }) => Promise<void>;
  onSignOut: () => void;
}

/** Signed out: a sign-in / create-account form. Signed in: who you are, and Sign out. */
export function AccountPanel({ profile, onSignIn, onSignUp, onSignOut }: AccountPanelProps) {
  const creating = useSignal(false);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);

  if (profile) {
    return (
      <div class="account" data-signed-in="true">
        <span class="account-name">
          {profile.displayName} <span class="muted">@{profile.username}</span>
        </span>
        <button type="button" class="link" onClick={onSignOut}>
          {t('signOut')}
        </button>
      </div>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const username = String(form.get('username') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const displayName = String(form.get('displayName') ?? '').trim();
    busy.value = true;
    error.value = null;
    try {
      if (creating.value) await onSignUp({ username, password, ...(displayName ? { displayName } : {}) });
      else await onSignIn({ username, password });
    } catch (failure) {
      error.value = failure instanceof Error ? failure.message : String(failure);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form
      class="card sign-in"
      onSubmit={submit}
      aria-label={creating.value ? t('createAccount') : t('signIn')}
    >
      <p class="muted small">{t('signInWhy')}</p>
      <label>
        {t('username')}
        <input name="username" autocomplete="username" required maxLength={30} />
      </label>
      {creating.value && (
        <label>
          {t('displayName')}
          <input name="displayName" autocomplete="nickname" maxLength={50} />
        </label>
      )}
      <label>
        {t('password')}
        <input
          name="password"
          type="password"
          autocomplete={creating.value ? 'new-password' : 'current-password'}
          required
          minLength={creating.value ? 8 : 1}
        />
      </label>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      <div class="row">
        <button type="submit" class="join" disabled={busy.value}>
          {creating.value ? t('createAccount') : t('signIn')}
        </button>
        <button type="button" class="link" onClick={() => (creating.value = !creating.value)}>
          {creating.value ? t('haveAccount') : t('noAccount')}
        </button>
      </div>
    </form>
  );
}
