/**
 * What an avatar shows when there is no picture (Earshot loads no images from the network): a person's
 * initials, and a colour picked from their name. Used by the popup's stage and the feed's cards and dock.
 */

let graphemes: Intl.Segmenter | undefined;

/** The first user-perceived character of `word`: a whole emoji (ZWJ sequences and flags too), never half. */
function firstGrapheme(word: string): string {
  // Below U+0300 (Latin-1 and Latin Extended) no character joins the one before it: no segmenter needed. A
  // page's first segmenter costs 1-6 ms (ICU's break rules are loaded; Chromium 156, after other Intl objects),
  // which the feed would pay on every timeline page for its first avatar.
  const second = word.charCodeAt(1);
  if (word.charCodeAt(0) < 0x300 && !(second >= 0x300)) return word.charAt(0);
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const first = graphemes.segment(word)[Symbol.iterator]().next();
  return first.done ? '' : first.value.segment;
}

/** Up to two initials, upper case ("Ada Lovelace" → "AL"); "?" for a blank name. */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((word) => firstGrapheme(word).toUpperCase())
      .join('') || '?'
  );
}

/** A stable hue (0–359) per name, for the avatar's background. */
export function hueOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}
