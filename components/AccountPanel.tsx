import { useSignal } from '@preact/signals';
import { t } from '@/utils/ui/i18n';
import type { Profile } from '@/wire/accounts';
import { FormFooter, useFormSubmit } from './FormFooter';

export interface AccountPanelProps {
  profile: Profile | null;
  onSignIn: (input: { username: string; password: string }) => Promise<void>;
  onSignUp: (input: { username: string; password: string; displayName?: string }) => Promise<void>;
  onSignOut: () => void;
}

/** Signed out: a sign-in / create-account form. Signed in: who you are, and Sign out. */
export function AccountPanel({ profile, onSignIn, onSignUp, onSignOut }: AccountPanelProps) {
  const creating = useSignal(false);
  const form = useFormSubmit(async (fields) => {
    const username = String(fields.get('username') ?? '').trim();
    const password = String(fields.get('password') ?? '');
    const displayName = String(fields.get('displayName') ?? '').trim();
    if (creating.value) await onSignUp({ username, password, ...(displayName ? { displayName } : {}) });
    else await onSignIn({ username, password });
  });

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

  return (
    <form
      class="card sign-in"
      onSubmit={form.submit}
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
      <FormFooter
        state={form}
        submitLabel={creating.value ? t('createAccount') : t('signIn')}
        otherLabel={creating.value ? t('haveAccount') : t('noAccount')}
        onOther={() => (creating.value = !creating.value)}
      />
    </form>
  );
}
