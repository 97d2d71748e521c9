import { mountPage } from '@/utils/pages/mount-page';
import { t } from '@/utils/ui/i18n';
import { App } from './App';
import './style.css';

mountPage(<App />, { title: t('extName') });
