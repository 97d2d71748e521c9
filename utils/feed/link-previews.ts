/**
 * Rooms behind link previews. On X a room link with a preview card is no longer in the post's text: the card
 * shows only the site's domain and the page's title (the share page's Open Graph title, the room's title), and
 * its link is a t.co redirect. Such a card stands for a room when its domain is the rooms service's and its title
 * is the title of exactly one room the feed knows (the author's live room first, then the directory's rooms and
 * the site's live hosts' rooms). No request is made for it: a title is not an id.
 */
import type { LinkPreview } from './sites/types';

interface TitledRoom {
  id: string;
  title: string;
}

/** The host name of the service (without its port: cards show the domain only). */
export function previewHostOf(serviceUrl: string): string | null {
  try {
    return new URL(serviceUrl).hostname.toLowerCase();
  } catch {
    return null;
  }
}

const normalTitle = (title: string) => title.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * The room `preview` stands for: `preferred` (the author's own live room) when its title matches, else the one
 * room of `known` with that title; null when none or several do.
 */
export function roomOfPreview<R extends TitledRoom>(
  preview: LinkPreview,
  serviceHost: string | null,
  preferred: R | undefined,
  known: Iterable<R>,
): R | null {
  if (!serviceHost || preview.host !== serviceHost) return null;
  const title = normalTitle(preview.title);
  if (preferred && normalTitle(preferred.title) === title) return preferred;
  let found: R | null = null;
  for (const room of known) {
    if (normalTitle(room.title) !== title || room.id === found?.id) continue;
    if (found) return null; // two rooms with that title: not ours to guess
    found = room;
  }
  return found;
}
