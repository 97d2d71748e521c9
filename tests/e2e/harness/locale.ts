/** UI text as the extension shows it, from its own `_locales` files: tests find buttons by what users read. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const cache = new Map<string, Messages>();

export type Lang = 'en' | 'fr';

export function message(lang: Lang, key: string, ...substitutions: Array<string | number>): string {
  let messages = cache.get(lang);
  if (!messages) {
    messages = JSON.parse(
      readFileSync(path.resolve(`public/_locales/${lang}/messages.json`), 'utf8'),
    ) as Messages;
    cache.set(lang, messages);
  }
  const entry = messages[key];
  if (!entry) throw new Error(`no message "${key}" in ${lang}`);
  const fill = (text: string) =>
    text.replace(/\$(\d)/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ''));
  return entry.message.replace(/\$([A-Za-z_]+)\$/g, (_, name: string) =>
    fill(entry.placeholders?.[name.toLowerCase()]?.content ?? ''),
  );
}
