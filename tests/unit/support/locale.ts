/**
 * Chrome's `i18n.getMessage` for component tests, reading the extension's own `_locales` files (WXT's fake
 * browser does not provide it). Placeholders resolve as Chrome resolves them: `$NAME$` → its `content`, `$1` →
 * the first substitution.
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import en from '@/public/_locales/en/messages.json';
import fr from '@/public/_locales/fr/messages.json';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const LOCALES: Record<string, Messages> = { en, fr };

export function useLocale(lang: 'en' | 'fr'): void {
  const messages = LOCALES[lang]!;
  fakeBrowser.i18n.getMessage = ((key: string, substitutions?: string | string[]) => {
    const entry = messages[key];
    if (!entry) return '';
    const subs =
      substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
    return entry.message.replace(/\$([A-Za-z_]+)\$/g, (_, name: string) =>
      fill(entry.placeholders?.[name.toLowerCase()]?.content ?? ''),
    );
  }) as typeof fakeBrowser.i18n.getMessage;
  fakeBrowser.i18n.getUILanguage = () => (lang === 'en' ? 'en-US' : 'fr-FR');
}
