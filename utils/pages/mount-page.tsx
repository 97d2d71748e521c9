/**
 * Starts an extension page (popup, options, microphone page): the theme, its language and title, the mobile
 * viewport, and the view rendered into the body. The pages' HTML files hold only the charset, what WXT reads
 * from them (manifest.* metas) and the script.
 */
import { type ComponentChild, render } from 'preact';
import { browser } from 'wxt/browser';
import '@/components/theme/base.css';

export function mountPage(view: ComponentChild, { title }: { title: string }): void {
  document.documentElement.lang = browser.i18n.getUILanguage();
  document.title = title;
  const viewport = document.createElement('meta');
  viewport.name = 'viewport';
  viewport.content = 'width=device-width, initial-scale=1';
  document.head.append(viewport);
  render(view, document.body);
}
