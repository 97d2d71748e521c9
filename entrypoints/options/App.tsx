import { t } from '@/utils/ui/i18n';
import { AccountSection } from './AccountSection';
import { MastodonInstances } from './MastodonInstances';
import { MicrophoneChoice } from './MicrophoneChoice';

/** The options page: one section per setting group. */
export function App() {
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <AccountSection />
      <MicrophoneChoice />
      <MastodonInstances />
    </main>
  );
}
