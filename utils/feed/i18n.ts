/**
 * `t()` for the feed UI, with each message read once. In a content script every `i18n.getMessage` call
 * crosses into the extension bindings (about a millisecond each in Chromium, measured by bench:feed), and a
 * card renders several: each message is fetched once with marker substitutions and filled in here.
 */
import { browser } from 'wxt/browser';
import type { MessageKey } from '@/utils/ui/i18n';

const MARKERS = Array.from({ length: 9 }, (_, i) => `\uE000${i + 1}\uE001`);
const templates = new Map<MessageKey, string>();

export function t(key: MessageKey, ...substitutions: Array<string | number>): string {
  let template = templates.get(key);
  if (template === undefined) {
    template = browser.i18n.getMessage(key, MARKERS) || key;
    templates.set(key, template);
  }
  if (!template.includes('\uE000')) return template;
  return template.replace(/\uE000(\d)\uE001/g, (_, n: string) => String(substitutions[Number(n) - 1] ?? ''));
}
