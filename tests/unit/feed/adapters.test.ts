/**
 * The site adapters against the fixture pages' own markup (tests/fixtures, run here in happy-dom): the same
 * markup the e2e tests load in Chromium, so the adapters and the fixtures cannot drift apart unnoticed.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createRoomLinkMatcher } from '@/utils/feed/room-links';
import { bskyAdapter, detectSite, mastodonAdapter, type SiteAdapter, xAdapter } from '@/utils/feed/sites';

declare global {
  interface Window {
    happyDOM: { setURL(url: string): void };
    fixture: {
      addPosts(posts: Array<{ author: string; name: string; text: string; link?: string }>): number;
      navigate(path: string): void;
      setTheme(theme: 'light' | 'dark'): void;
    };
  }
}

const SERVICE = 'http://127.0.0.1:8787';
const LINK = `${SERVICE}/r/AbCdEf1234`;

function loadFixture(site: 'x' | 'bsky' | 'mastodon', route: string) {
  window.happyDOM.setURL(`http://127.0.0.1:4000/fixtures/${site}${route}`);
  document.documentElement.className = '';
  document.body.className = '';
  document.body.removeAttribute('style');
  for (const file of ['common.js', `${site}/${site}.js`]) {
    new Function(readFileSync(`tests/fixtures/${file}`, 'utf8'))();
  }
  return window.fixture;
}

const cases: Array<[string, 'x' | 'bsky' | 'mastodon', SiteAdapter, string, string, string]> = [
  ['X', 'x', xAdapter, '/home', '/settings', 'alice'],
  ['Bluesky', 'bsky', bskyAdapter, '/', '/messages', 'alice.bsky.social'],
  ['Mastodon', 'mastodon', mastodonAdapter, '/home', '/conversations', 'alice@mastodon.example'],
];

describe.each(cases)('%s adapter on its fixture', (_name, site, adapter, home, elsewhere, handle) => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('is detected, finds the timeline, posts, authors, room links and anchors', () => {
    const fixture = loadFixture(site, home);
    const detected = detectSite(location, document);
    expect(detected?.adapter).toBe(adapter);
    expect(detected?.path(location)).toBe(home);
    expect(adapter.barAllowed(home)).toBe(true);
    expect(adapter.barAnchor(document)).not.toBeNull();

    fixture.addPosts([{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]);
    const posts = [...document.querySelectorAll(adapter.postSelector)];
    expect(posts.length).toBeGreaterThan(1);
    const last = posts.at(-1)!;
    const matcher = createRoomLinkMatcher(SERVICE);
    const context = { pageHost: 'mastodon.example', roomLinks: matcher.linkSelector };
    const info = adapter.readPost(last, context);
    expect(info.author).toBe(handle);
    expect(info.links.map((c) => matcher.roomIdOf(c))).toContain('AbCdEf1234');
    expect(adapter.cardAnchor(last)).not.toBeNull();
    expect(adapter.chipAnchor(last)).not.toBeNull();
    const first = adapter.readPost(posts[0]!, context);
    expect(info.key).toBeTruthy();
    expect(info.key).not.toBe(first.key);
    // Ordinary posts link to no room, and still name their author.
    expect(first.links.map((c) => matcher.roomIdOf(c))).not.toContain('AbCdEf1234');
    expect(first.author).toMatch(/\w/);
  });

  it("selects only posts with a room link or by a live host, whatever the handle's case", () => {
    const fixture = loadFixture(site, home);
    fixture.addPosts([
      { author: 'carol', name: 'Carol', text: 'Listen:', link: LINK },
      { author: handle.replace('alice', 'AliceLive'), name: 'Alice', text: 'Live now.' },
      { author: 'dave', name: 'Dave', text: 'Nothing to see.' },
      // A name that starts like the live host's is someone else.
      { author: handle.replace('alice', 'alicelivex'), name: 'Other', text: 'Not live.' },
    ]);
    const [linked, byHost, plain, other] = [...document.querySelectorAll(adapter.postSelector)].slice(-4);
    const context = { pageHost: 'mastodon.example', roomLinks: createRoomLinkMatcher(SERVICE).linkSelector };
    const interest = adapter.interest([handle.replace('alice', 'alicelive')], context);
    const interesting = (post: Element) =>
      (interest.self !== null && post.matches(interest.self)) || post.querySelector(interest.inside) !== null;
    expect([linked, byHost, plain, other].map((post) => interesting(post!))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // With nobody live, only room links count.
    const none = adapter.interest([], context);
    expect(none.self === null || !byHost!.matches(none.self)).toBe(true);
    expect(byHost!.querySelector(none.inside)).toBeNull();
    expect(linked!.querySelector(none.inside)).not.toBeNull();
  });

  it('follows the theme the site shows', () => {
    const fixture = loadFixture(site, home);
    expect(adapter.theme(document)).toBe('light');
    fixture.setTheme('dark');
    expect(adapter.theme(document)).toBe('dark');
  });

  it('has no bar on pages without the timeline', () => {
    const fixture = loadFixture(site, home);
    fixture.navigate(elsewhere);
    expect(adapter.barAllowed(elsewhere)).toBe(false);
    expect(adapter.barAnchor(document)).toBeNull();
  });

  it('finds nothing when the markup changed', () => {
    window.happyDOM.setURL(`http://127.0.0.1:4000/fixtures/${site}${home}?broken=1`);
    for (const file of ['common.js', `${site}/${site}.js`]) {
      new Function(readFileSync(`tests/fixtures/${file}`, 'utf8'))();
    }
    window.fixture.addPosts([{ author: 'alice', name: 'Alice', text: 'Listen:', link: LINK }]);
    expect(adapter.barAnchor(document)).toBeNull();
    expect(document.querySelectorAll(adapter.postSelector)).toHaveLength(0);
  });
});

describe('site detection', () => {
  it('knows the sites by host name, and Mastodon by its app holder', () => {
    window.happyDOM.setURL('https://x.com/home');
    expect(detectSite(location, document)?.adapter).toBe(xAdapter);
    window.happyDOM.setURL('https://bsky.app/');
    expect(detectSite(location, document)?.adapter).toBe(bskyAdapter);
    window.happyDOM.setURL('https://example.social/home');
    expect(detectSite(location, document)).toBeNull();
    const holder = document.createElement('div');
    holder.id = 'mastodon';
    holder.setAttribute('data-props', '{}');
    document.body.append(holder);
    expect(detectSite(location, document)?.adapter).toBe(mastodonAdapter);
    holder.remove();
  });
});
