/** Steps a user takes in the popup, found by what the popup says in `lang`. */
import type { Page } from 'playwright-core';
import { type Lang, message } from './locale';

/** Searches for `username` by its first six letters and follows them; resolves once the popup offers Unfollow. */
export async function followFromSearch(popup: Page, lang: Lang, username: string): Promise<void> {
  const m = (key: string, ...subs: string[]) => message(lang, key, ...subs);
  await popup.getByLabel(m('searchByUsername')).fill(username.slice(0, 6));
  await popup.getByRole('button', { name: m('search'), exact: true }).click();
  await popup.getByRole('button', { name: m('followAria', username) }).click();
  await popup.getByRole('button', { name: m('unfollowAria', username) }).waitFor();
}

/** Opens "Start a room", gives it `title` and goes live at once (the caller waits for the room to connect). */
export async function goLive(popup: Page, lang: Lang, title: string): Promise<void> {
  await popup.getByRole('button', { name: message(lang, 'startRoom') }).click();
  await popup.getByLabel(message(lang, 'roomTitle')).fill(title);
  await popup.getByRole('button', { name: message(lang, 'goLive') }).click();
}
