import { mountPage } from '@/utils/pages/mount-page';
import { readPopupStart } from '@/utils/pages/popup-start';
import { ask } from '@/utils/protocol/ask';
import { t } from '@/utils/ui/i18n';
import { App } from './App';
import './style.css';

// Asked before anything else: the background starts the audio engine on it (a Join click is likely).
void ask('session:get').catch(() => undefined);
// What storage holds (server, session, the last account and rooms) first, so the first render shows it.
void readPopupStart().then((start) => mountPage(<App start={start} />, { title: t('extName') }));
