import { describe, expect, it } from 'vitest';
import { createRoomLinkMatcher, visibleUrlText } from '@/utils/feed/room-links';

describe('room links', () => {
  const matcher = createRoomLinkMatcher('http://127.0.0.1:8787');

  it('finds the room id in plain links, with or without the scheme', () => {
    expect(matcher.roomIdOf('http://127.0.0.1:8787/r/AbCdEf1234')).toBe('AbCdEf1234');
    expect(matcher.roomIdOf('https://127.0.0.1:8787/r/AbCdEf1234?ref=x')).toBe('AbCdEf1234');
    expect(matcher.roomIdOf('127.0.0.1:8787/r/AbCdEf1234/')).toBe('AbCdEf1234');
  });

  it('reads redirects that carry the target in ?u= (Bluesky) or ?url=', () => {
    const target = encodeURIComponent('http://127.0.0.1:8787/r/AbCdEf1234');
    expect(matcher.roomIdOf(`https://go.bsky.app/redirect?u=${target}`)).toBe('AbCdEf1234');
    expect(matcher.roomIdOf(`https://l.example/out?url=${target}`)).toBe('AbCdEf1234');
  });

  it('reads the URL X spells out in a t.co link text (hidden spans and the ellipsis)', () => {
    expect(matcher.roomIdOf(visibleUrlText('http://127.0.0.1:8787/r/AbCdEf1234…'))).toBe('AbCdEf1234');
    expect(matcher.roomIdOf('https://t.co/abcdefghij')).toBeNull();
  });

  it('ignores other hosts, other paths and malformed ids', () => {
    expect(matcher.roomIdOf('http://127.0.0.1:9999/r/AbCdEf1234')).toBeNull();
    expect(matcher.roomIdOf('http://evil.example/127.0.0.1:8787/r/AbCdEf1234')).toBeNull();
    expect(matcher.roomIdOf('http://127.0.0.1:8787/x/AbCdEf1234')).toBeNull();
    expect(matcher.roomIdOf('http://127.0.0.1:8787/r/short')).toBeNull();
    expect(matcher.roomIdOf('http://127.0.0.1:8787/r/AbCdEf1234567')).toBeNull();
    expect(matcher.roomIdOf('http://127.0.0.1:8787/r/AbCdE-1234')).toBeNull();
  });

  it('treats the service host literally (dots are not wildcards)', () => {
    const prod = createRoomLinkMatcher('https://earshot.audio');
    expect(prod.roomIdOf('https://earshot.audio/r/AbCdEf1234')).toBe('AbCdEf1234');
    expect(prod.roomIdOf('https://earshotXaudio/r/AbCdEf1234')).toBeNull();
  });

  it('matches nothing for an invalid service URL', () => {
    expect(createRoomLinkMatcher('not a url').roomIdOf('http://127.0.0.1:8787/r/AbCdEf1234')).toBeNull();
  });

  it('gives a selector for the links whose href carries a room URL, plain or through a redirect', () => {
    document.body.innerHTML = `
      <div>
        <a id="plain" href="http://127.0.0.1:8787/r/AbCdEf1234">room</a>
        <a id="redirect" href="https://go.bsky.app/redirect?u=${encodeURIComponent('http://127.0.0.1:8787/r/AbCdEf1234')}">room</a>
        <a id="lower" href="https://l.example/?u=http%3a%2f%2f127.0.0.1%3a8787%2fr%2fAbCdEf1234">room</a>
        <a id="other-host" href="http://127.0.0.1:9999/r/AbCdEf1234">no</a>
        <a id="other-path" href="http://127.0.0.1:8787/about">no</a>
      </div>`;
    expect([...document.querySelectorAll(matcher.linkSelector)].map((a) => a.id)).toEqual([
      'plain',
      'redirect',
      'lower',
    ]);
    expect(document.querySelector(createRoomLinkMatcher('nope').linkSelector)).toBeNull();
    document.body.replaceChildren();
  });
});
