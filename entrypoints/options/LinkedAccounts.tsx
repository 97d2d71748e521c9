import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { LinkedAccounts as LinkedAccountsPanel } from '@/components/LinkedAccounts';
import { ask } from '@/utils/protocol/ask';
import type { IdentityState } from '@/utils/protocol/identity-state';
import { t } from '@/utils/ui/i18n';

/** Linked Bluesky, Mastodon and X accounts, and follows imported from them (asks the background). */
export function LinkedAccounts() {
  const state = useSignal<IdentityState>({ profileUrl: null, handles: [], imports: [] });
  useEffect(() => {
    const load = () =>
      void ask('identity:get')
        .then((next) => {
          state.value = next;
        })
        .catch(() => undefined);
    load();
    // Back from the Bluesky sign-in tab: show the link it made.
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, []);
  const update = async (next: Promise<IdentityState>) => {
    state.value = await next;
  };
  return (
    <section class="card" aria-labelledby="linked-title">
      <h2 id="linked-title">{t('linkedTitle')}</h2>
      <LinkedAccountsPanel
        state={state.value}
        onVerify={(site, handle) => update(ask('identity:verify', { site, handle }))}
        onClaimX={(handle) => update(ask('identity:claim-x', { handle }))}
        onImport={(site) => update(ask('identity:import', { site }))}
        onRemoveImport={(site) => update(ask('identity:remove-import', { site }))}
        onBlueskySignIn={async (handle) => {
          await ask('identity:bluesky-oauth', { handle });
        }}
      />
    </section>
  );
}
