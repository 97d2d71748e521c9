import { describe, expect, it } from 'vitest';
import {
  isLoopbackHost,
  needsHostPermission,
  originPattern,
  parseServerAddress,
  sameServer,
} from '@/utils/protocol/server-address';

/** Each input is accepted as the origin paired with it. */
function expectOrigins(cases: Array<[input: string, origin: string]>) {
  for (const [input, origin] of cases) expect(parseServerAddress(input), input).toEqual({ ok: true, origin });
}

describe('parseServerAddress', () => {
  it('makes an https origin of a bare host name, and drops path, query and fragment', () => {
    expectOrigins([
      ['rooms.example.org', 'https://rooms.example.org'],
      ['  https://Rooms.Example.org:8443/earshot/?x=1#y ', 'https://rooms.example.org:8443'],
    ]);
  });

  it('allows plain http on this machine only', () => {
    expectOrigins([
      ['http://127.0.0.1:9787', 'http://127.0.0.1:9787'],
      ['http://localhost:8787/', 'http://localhost:8787'],
      ['http://[::1]:8787', 'http://[::1]:8787'],
    ]);
    for (const input of ['http://rooms.example.org', 'http://192.168.1.10:8787']) {
      expect(parseServerAddress(input), input).toEqual({ ok: false, problem: 'https-required' });
    }
  });

  it('refuses what is not a server address', () => {
    for (const input of [
      '',
      '   ',
      'not a url',
      'earshot',
      'ftp://rooms.example.org',
      'javascript:alert(1)',
      'https://',
      'https://user:pw@rooms.example.org',
      'https://exa mple.org',
    ]) {
      expect(parseServerAddress(input), input).toEqual({ ok: false, problem: 'not-a-url' });
    }
  });
});

describe('host permissions', () => {
  it('loopback is granted at install; any other server is asked for, by host (ports are not in patterns)', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.4.5.6')).toBe(true);
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.example.org')).toBe(false);
    expect(needsHostPermission('http://127.0.0.1:9787')).toBe(false);
    expect(needsHostPermission('https://rooms.example.org')).toBe(true);
    expect(originPattern('https://rooms.example.org:8443')).toBe('https://rooms.example.org/*');
  });

  it('compares servers by origin', () => {
    expect(sameServer('http://127.0.0.1:8787/', 'http://127.0.0.1:8787')).toBe(true);
    expect(sameServer('http://127.0.0.1:8787', 'http://127.0.0.1:9787')).toBe(false);
    expect(sameServer('nonsense', 'http://127.0.0.1:8787')).toBe(false);
  });
});
