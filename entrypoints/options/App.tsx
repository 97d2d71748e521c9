import { useSignal } from '@preact/signals';
import { t } from '@/utils/ui/i18n';
import { AccountSection } from './AccountSection';
import { LinkedAccounts } from './LinkedAccounts';
import { MastodonInstances } from './MastodonInstances';
import { MicrophoneChoice } from './MicrophoneChoice';
import { ServerSection } from './ServerSection';

/** The options page: one section per setting group; the server first (a first run asks for it). */
export function App() {
  // Another server signs the user out: the account section starts over.
  const serverChanges = useSignal(0);
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <ServerSection onChanged={() => serverChanges.value++} />
      <AccountSection key={serverChanges.value} />
      <LinkedAccounts key={`linked-${serverChanges.value}`} />
      <MicrophoneChoice />
      <MastodonInstances />
    </main>
  );
}
