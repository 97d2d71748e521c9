import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { AccountPanel } from '@/components/AccountPanel';
import { ask } from '@/utils/protocol/ask';
import { t } from '@/utils/ui/i18n';
import type { Profile } from '@/wire/accounts';

/** The same sign in / create account / sign out as in the popup. */
export function AccountSection() {
  const profile = useSignal<Profile | null>(null);
  const load = async () => {
    profile.value = (await ask('account:get')).profile;
  };
  useEffect(() => {
    void load().catch(() => undefined);
  }, []);
  return (
    <section class="card" aria-labelledby="account-title">
      <h2 id="account-title">{t('accountTitle')}</h2>
      <AccountPanel
        profile={profile.value}
        onSignIn={async (input) => {
          profile.value = (await ask('account:sign-in', input)).profile;
        }}
        onSignUp={async (input) => {
          profile.value = (await ask('account:sign-up', input)).profile;
        }}
        onSignOut={() => {
          void ask('account:sign-out').then((state) => {
            profile.value = state.profile;
          });
        }}
      />
    </section>
  );
}
