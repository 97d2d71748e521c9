/** The links in a piece of HTML (a Mastodon profile field's value), with their rel values. Regex-level: enough for attributes, never rendered. */

export interface HtmlLink {
  href: string;
  rel: string[];
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
};
const decode = (text: string) =>
  text.replace(/&(#?\w+);/g, (whole, name: string) => entities[name.toLowerCase()] ?? whole);

/** Every `<a>` element's href and rel tokens, in order (at most `max`). */
export function linksIn(html: string, max = 100): HtmlLink[] {
  const links: HtmlLink[] = [];
  for (const tag of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attributes = new Map<string, string>();
    for (const attribute of tag[1]!.matchAll(/([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)) {
      attributes.set(attribute[1]!.toLowerCase(), decode(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''));
    }
    const href = attributes.get('href');
    if (href !== undefined) {
      links.push({ href, rel: (attributes.get('rel') ?? '').toLowerCase().split(/\s+/).filter(Boolean) });
    }
    if (links.length >= max) break;
  }
  return links;
}

/** Two profile addresses are the same page: same origin and path, any case, a trailing slash ignored. */
export function sameProfileUrl(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const path = (url: URL) => url.pathname.replace(/\/+$/, '').toLowerCase();
    return x.origin === y.origin && path(x) === path(y) && x.search === y.search;
  } catch {
    return false;
  }
}
