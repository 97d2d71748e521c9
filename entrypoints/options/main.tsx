import { render } from 'preact';
import { browser } from 'wxt/browser';
import { t } from '@/utils/ui/i18n';
import { App } from './App';
import './style.css';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('optionsTitle');
render(<App />, document.getElementById('app')!);
