import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { AccountPanel } from '@/components/AccountPanel';
import type { Profile } from '@/utils/background/rooms-api';
import { askBackground } from '@/utils/pages/background-client';
import { t } from '@/utils/ui/i18n';

/** The same sign in / create account / sign out as in the popup. */
export function AccountSection() {
  const profile = useSignal<Profile | null>(null);
  const load = async () => {
    profile.value = (await askBackground({ target: 'background', type: 'account:get' })).profile;
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
          profile.value = (
            await askBackground({ target: 'background', type: 'account:sign-in', ...input })
          ).profile;
        }}
        onSignUp={async (input) => {
          profile.value = (
            await askBackground({ target: 'background', type: 'account:sign-up', ...input })
          ).profile;
        }}
        onSignOut={() => {
          void askBackground({ target: 'background', type: 'account:sign-out' }).then((state) => {
            profile.value = state.profile;
          });
        }}
      />
    </section>
  );
}
