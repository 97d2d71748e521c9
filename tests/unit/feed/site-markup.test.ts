/**
 * The site adapters against the fixtures' real-markup cases (tests/fixtures: each fixture's header cites the
 * site source it follows), in happy-dom. First, every selector of each adapter's selectors map must match its
 * fixture: when a site changes its markup, the fixture is updated to match and this names the selector to fix.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { previewHostOf, roomOfPreview } from '@/utils/feed/link-previews';
import { createRoomLinkMatcher } from '@/utils/feed/room-links';
import { bskyAdapter, mastodonAdapter, xAdapter } from '@/utils/feed/sites';
import { BSKY_SELECTORS } from '@/utils/feed/sites/bsky';
import { MASTODON_SELECTORS } from '@/utils/feed/sites/mastodon';
import { X_SELECTORS } from '@/utils/feed/sites/x';

type Site = 'x' | 'bsky' | 'mastodon';
interface FixturePost {
  author: string;
  name: string;
  text: string;
  link?: string;
  [option: string]: unknown;
}
interface Fixture {
  addPosts(posts: FixturePost[]): number;
  recycleRow(index: number, post: FixturePost): void;
  emptyRow(index: number): void;
  refillRow(index: number): void;
  stub(id: string): void;
  restore(id: string): void;
  openCw(id: string): void;
}

const SERVICE = 'http://127.0.0.1:8787';
const ROOM = 'AbCdEf1234';
const LINK = `${SERVICE}/r/${ROOM}`;
const matcher = createRoomLinkMatcher(SERVICE);

function load(site: Site, route: string): Fixture {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(
    `http://127.0.0.1:4000/fixtures/${site}${route}`,
  );
  document.documentElement.className = '';
  document.body.className = '';
  document.body.removeAttribute('style');
  for (const file of ['common.js', `${site}/${site}.js`]) {
    new Function(readFileSync(`tests/fixtures/${file}`, 'utf8'))();
  }
  return (window as unknown as { fixture: Fixture }).fixture;
}

const lastPost = (selector: string) => [...document.querySelectorAll(selector)].at(-1)!;
const roomsOf = (links: string[]) => links.map((link) => matcher.roomIdOf(link)).filter(Boolean);

afterEach(() => {
  document.body.replaceChildren();
});

/** Each fixture page with one post of every kind the adapter reads, for the selector check. */
const EVERY_KIND: Record<Site, Array<[route: string, posts: FixturePost[]]>> = {
  x: [
    [
      '/home',
      [
        { author: 'alice', name: 'Alice', text: 'Listen:', link: LINK },
        { author: 'carol', name: 'Carol', text: 'Card only:', link: LINK, preview: 'Room title' },
      ],
    ],
  ],
  bsky: [['/', [{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]]],
  mastodon: [
    ['/home', [{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]],
    ['/home?layout=advanced', [{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]],
  ],
};

const MAPS: Array<[Site, string, Record<string, string>]> = [
  ['x', 'X_SELECTORS', X_SELECTORS],
  ['bsky', 'BSKY_SELECTORS', BSKY_SELECTORS],
  ['mastodon', 'MASTODON_SELECTORS', MASTODON_SELECTORS],
];

describe.each(MAPS)('%s adapter selectors', (site, mapName, selectors) => {
  it.each(Object.entries(selectors))(`${mapName}.%s matches its fixture`, (name, selector) => {
    let found = 0;
    for (const [route, posts] of EVERY_KIND[site]) {
      load(site, route).addPosts(posts);
      found += document.querySelectorAll(selector).length;
      document.body.replaceChildren();
    }
    expect(
      found,
      `${mapName}.${name} (${selector}) matches nothing in tests/fixtures/${site}: the site's markup changed?`,
    ).toBeGreaterThan(0);
  });
});

const context = { pageHost: 'mastodon.example', roomLinks: matcher.linkSelector };

describe('X markup', () => {
  it('reads the original author of a repost, the quoting author of a quote, and a promoted post', () => {
    const fixture = load('x', '/home');
    fixture.addPosts([{ author: 'hostbob', name: 'Bob', text: 'Reposted.', repostBy: 'dana' }]);
    const repost = lastPost(X_SELECTORS.row);
    expect(xAdapter.readPost(repost, context).author).toBe('hostbob');
    expect(xAdapter.chipAnchor(repost)?.anchor.textContent).toContain('@hostbob');

    fixture.addPosts([
      {
        author: 'erin',
        name: 'Erin',
        text: 'Look:',
        quote: { author: 'hostbob', name: 'Bob', text: 'Room:', link: LINK },
      },
    ]);
    const quote = lastPost(X_SELECTORS.row);
    const read = xAdapter.readPost(quote, context);
    expect(read.author).toBe('erin');
    expect(roomsOf(read.links)).toEqual([ROOM]);
    expect(xAdapter.chipAnchor(quote)?.anchor.textContent).toContain('@erin');

    fixture.addPosts([{ author: 'shop', name: 'Shop', text: 'Buy now.', promoted: true }]);
    const promoted = xAdapter.readPost(lastPost(X_SELECTORS.row), context);
    expect(promoted.author).toBe('shop');
    expect(promoted.key).not.toBe('');
    // A live host's promoted post is of interest though it has no permalink.
    const interest = xAdapter.interest(['shop'], context);
    expect(lastPost(X_SELECTORS.row).querySelector(interest.inside)).not.toBeNull();
  });

  it('reads a card-only room link from its preview card, and places the card after it when there is no text', () => {
    const fixture = load('x', '/home');
    fixture.addPosts([{ author: 'carol', name: 'Carol', text: '', link: LINK, preview: 'Browsers tonight' }]);
    const post = lastPost(X_SELECTORS.row);
    const read = xAdapter.readPost(post, context);
    expect(roomsOf(read.links)).toEqual([]); // the URL is gone from the text
    expect(read.previews).toEqual([{ host: '127.0.0.1', title: 'Browsers tonight' }]);
    const room = { id: ROOM, title: 'Browsers tonight' };
    expect(roomOfPreview(read.previews![0]!, previewHostOf(SERVICE), undefined, [room])).toBe(room);
    // Two rooms of that title: not guessed.
    expect(
      roomOfPreview(read.previews![0]!, '127.0.0.1', undefined, [
        room,
        { id: 'Other12345', title: room.title },
      ]),
    ).toBeNull();
    // Another site's card with the same title: not ours.
    expect(
      roomOfPreview({ host: 'example.com', title: room.title }, '127.0.0.1', undefined, [room]),
    ).toBeNull();
  });

  it('a recycled row reads as another post; an emptied and refilled row as the same one', () => {
    const fixture = load('x', '/home');
    fixture.addPosts([{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]);
    const row = lastPost(X_SELECTORS.row);
    const first = xAdapter.readPost(row, context);
    fixture.recycleRow(-1, { author: 'dana', name: 'Dana', text: 'Other post.' });
    expect(lastPost(X_SELECTORS.row)).toBe(row);
    const recycled = xAdapter.readPost(row, context);
    expect(recycled.key).not.toBe(first.key);
    expect(recycled.author).toBe('dana');
    fixture.emptyRow(-1);
    expect(xAdapter.cardAnchor(row)).toBeNull();
    fixture.refillRow(-1);
    expect(xAdapter.readPost(row, context).key).toBe(recycled.key);
  });
});

describe('Bluesky markup', () => {
  it('puts the chip after the author name on reposts and feed-source posts, not after the reason or avatar', () => {
    const fixture = load('bsky', '/');
    fixture.addPosts([
      { author: 'hostbob', name: 'Bob Host', text: 'Reposted.', repostBy: 'dana' },
      { author: 'hostbob', name: 'Bob Host', text: 'From a feed.', feedSource: 'earshot' },
      { author: 'hostbob', name: 'Bob Host', text: 'Reposted by himself.', repostBy: 'hostbob' },
    ]);
    for (const post of [...document.querySelectorAll(BSKY_SELECTORS.post)].slice(-3)) {
      expect(bskyAdapter.readPost(post, context).author).toBe('hostbob.bsky.social');
      const anchor = bskyAdapter.chipAnchor(post)?.anchor;
      expect(anchor?.textContent).toBe('Bob Host');
    }
  });

  it('reads room links from real hrefs, inline and in an external embed', () => {
    const fixture = load('bsky', '/');
    fixture.addPosts([
      { author: 'alice', name: 'Alice', text: 'Inline:', link: LINK },
      { author: 'carol', name: 'Carol', text: 'Embed:', link: LINK, embed: 'Earshot room' },
    ]);
    for (const post of [...document.querySelectorAll(BSKY_SELECTORS.post)].slice(-2)) {
      expect(roomsOf(bskyAdapter.readPost(post, context).links)).toEqual([ROOM]);
    }
  });

  it('puts the bar in the feed column, not across the page', () => {
    load('bsky', '/');
    const target = bskyAdapter.barAnchor(document);
    expect(target?.placement).toBe('first');
    expect(target?.anchor.className).toBe('list-column');
  });
});

describe('Mastodon markup', () => {
  it('reads the boosted author, not the booster, and local handles with the instance domain', () => {
    const fixture = load('mastodon', '/home');
    expect(mastodonAdapter.localDomain?.(document)).toBe('mastodon.example');
    fixture.addPosts([
      { author: 'hostbob', name: 'Bob', text: 'Boosted.', boostBy: 'dana' },
      { author: 'zed@remote.example', name: 'Zed', text: 'Remote.' },
    ]);
    const [boost, remote] = [...document.querySelectorAll(MASTODON_SELECTORS.post)].slice(-2);
    expect(boost!.querySelector('a.status__display-name')?.getAttribute('href')).toBe('/@dana'); // booster first
    expect(mastodonAdapter.readPost(boost!, context).author).toBe('hostbob@mastodon.example');
    expect(mastodonAdapter.chipAnchor(boost!)?.anchor.textContent).toContain('@hostbob');
    expect(mastodonAdapter.readPost(remote!, context).author).toBe('zed@remote.example');
    // The interest selector finds the live host's own post, not a post they boosted.
    const interest = mastodonAdapter.interest(['dana@mastodon.example'], context);
    expect(boost!.querySelector(interest.inside)).toBeNull();
    const hostInterest = mastodonAdapter.interest(['hostbob@mastodon.example'], context);
    expect(boost!.querySelector(hostInterest.inside)).not.toBeNull();
  });

  it('a stubbed post and a closed content warning read as changed when their content comes', () => {
    const fixture = load('mastodon', '/home');
    fixture.addPosts([
      { author: 'alice', name: 'Alice', text: 'Listen:', link: LINK },
      { author: 'carol', name: 'Carol', text: 'Behind a warning:', link: LINK, cw: 'Spoilers' },
    ]);
    const [linked, warned] = [...document.querySelectorAll(MASTODON_SELECTORS.post)].slice(-2);
    const full = mastodonAdapter.readPost(linked!, context);
    fixture.stub(linked!.getAttribute('data-id') ?? '');
    const stubbed = mastodonAdapter.readPost(linked!, context);
    expect(stubbed.key).not.toBe(full.key);
    expect(mastodonAdapter.cardAnchor(linked!)).toBeNull();
    fixture.restore(linked!.getAttribute('data-id') ?? '');
    expect(mastodonAdapter.readPost(linked!, context).key).toBe(full.key);

    const closed = mastodonAdapter.readPost(warned!, context);
    expect(roomsOf(closed.links)).toEqual([]);
    expect(mastodonAdapter.cardAnchor(warned!)).toBeNull();
    fixture.openCw(warned!.getAttribute('data-id') ?? '');
    const opened = mastodonAdapter.readPost(warned!, context);
    expect(opened.key).not.toBe(closed.key);
    expect(roomsOf(opened.links)).toEqual([ROOM]);
    expect(mastodonAdapter.cardAnchor(warned!)).not.toBeNull();
  });

  it('advanced layout: the bar goes above the Home column, not the first column', () => {
    load('mastodon', '/home?layout=advanced');
    const target = mastodonAdapter.barAnchor(document);
    expect(target?.anchor.closest('.column')?.getAttribute('aria-label')).toBe('Home');
  });
});
