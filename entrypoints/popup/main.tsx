import { mountPage } from '@/utils/pages/mount-page';
import { readPopupStart } from '@/utils/pages/popup-start';
import { t } from '@/utils/ui/i18n';
import { App } from './App';
import './style.css';

// What storage holds (server, session, the last account and rooms) first, so the first render shows it.
void readPopupStart().then((start) => mountPage(<App start={start} />, { title: t('extName') }));
