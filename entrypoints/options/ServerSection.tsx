import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { ServerPanel } from '@/components/ServerPanel';
import { chooseFromPage, useServerAccess } from '@/utils/pages/server-choice';
import { ask } from '@/utils/protocol/ask';
import type { ServerSetting } from '@/utils/protocol/server-address';
import { t } from '@/utils/ui/i18n';

/**
 * Which Earshot server: asked for on a first run (as in the popup), changeable afterwards. Changing it signs
 * out, so `onChanged` lets the page reload what depends on the account.
 */
export function ServerSection({ onChanged }: { onChanged: () => void }) {
  const setting = useSignal<ServerSetting | null>(null);
  const load = () =>
    ask('server:get')
      .then((value) => {
        setting.value = value;
      })
      .catch(() => undefined);
  useEffect(() => {
    void load();
  }, []);
  const { access, allowAgain } = useServerAccess(setting.value?.chosen ? setting.value.serviceUrl : null);
  return (
    <section class="card" aria-labelledby="server-title">
      <h2 id="server-title">{t('serverTitle')}</h2>
      {setting.value && (
        <ServerPanel
          setting={setting.value}
          heading={false}
          choose={chooseFromPage}
          onChosen={() => {
            void load();
            onChanged();
          }}
          access={access.value ?? undefined}
          onAllowAgain={allowAgain}
        />
      )}
    </section>
  );
}
