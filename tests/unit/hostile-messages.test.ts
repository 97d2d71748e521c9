/**
 * Hostile input at the message boundaries: random and malformed messages thrown at the background hub and the
 * engine's command handler. Each gets an answer (never a throw), a malformed one a clear error, and none of
 * them changes the session or reaches the engine or the service.
 * FUZZ_RUNS=5000 npx vitest run tests/unit/hostile-messages.test.ts runs longer.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AudioEngine } from '@/utils/engine/audio-engine';
import { createEngineCommandHandler } from '@/utils/engine/engine-commands';
import { createTestHub, FakeEngineHost, FakeRoomsApi } from './fakes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TYPES = [
  'session:get',
  'room:join',
  'room:leave',
  'room:microphone',
  'room:stage',
  'room:react',
  'account:sign-in',
  'feed:lookup',
  'feed:live-hosts',
  'engine:changed',
  'engine:connect',
  'engine:microphone',
];

/** Messages that look almost right: a known type and target with random fields, or anything at all. */
const hostile = fc.oneof(
  fc.anything(),
  fc.record({
    target: fc.constantFrom('background', 'engine', 'views', 'nobody'),
    type: fc.constantFrom(...TYPES),
    roomId: fc.oneof(fc.string(), fc.integer(), fc.constant('<script>alert(1)</script>')),
    accountId: fc.oneof(fc.string(), fc.constant('../../admin')),
    enabled: fc.anything(),
    emoji: fc.string(),
    url: fc.oneof(fc.webUrl(), fc.constant('javascript:alert(1)')),
    token: fc.string(),
    site: fc.oneof(fc.string(), fc.constantFrom('x', 'bsky', 'mastodon', 'X', '__proto__')),
    extra: fc.anything(),
  }),
);

beforeEach(() => fakeBrowser.reset());

describe('hostile messages', () => {
  it('the background answers every one, and a rejected one changes nothing', async () => {
    const engine = new FakeEngineHost();
    const api = new FakeRoomsApi();
    const hub = createTestHub(api, { engine });
    await hub.handle({ target: 'background', type: 'room:join', roomId: 'r1' });
    const before = JSON.stringify(await hub.session());
    await fc.assert(
      fc.asyncProperty(hostile, async (message) => {
        const changes = () => engine.commands.filter((c) => c.type !== 'engine:snapshot').length;
        const commands = changes();
        const calls = api.calls.length + api.listenCalls.length;
        const reply = await hub.handle(message);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok && reply.error.code === 'invalid_message') {
          expect(reply.error.message).toMatch(/^Invalid message/);
          expect(JSON.stringify(await hub.session())).toBe(before);
          expect(changes()).toBe(commands);
          expect(api.calls.length + api.listenCalls.length).toBe(calls);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('the engine refuses every malformed command without touching the room', async () => {
    const touched: string[] = [];
    const engine = {
      connect: async () => touched.push('connect'),
      disconnect: async () => touched.push('disconnect'),
      setMicrophone: async () => touched.push('microphone'),
      snapshot: () => ({}),
      stats: async () => ({}),
    } as unknown as AudioEngine;
    const handle = createEngineCommandHandler(engine);
    await fc.assert(
      fc.asyncProperty(hostile, async (message) => {
        const before = touched.length;
        const reply = await handle(message);
        if (!reply.ok) expect(touched.length).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });
});
