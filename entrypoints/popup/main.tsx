import { mountPage } from '@/utils/pages/mount-page';
import { readPopupStart } from '@/utils/pages/popup-start';
import { t } from '@/utils/ui/i18n';
import { App } from './App';
import { openSessionSource } from './session-source';
import './style.css';

// Asked before anything else: the background starts the audio engine on it (a Join click is likely).
const sessions = openSessionSource();
// What storage holds (server, session, the last account and rooms) first, so the first render shows it.
void readPopupStart().then((start) =>
  mountPage(<App start={start} sessions={sessions} />, { title: t('extName') }),
);
