/**
 * Hostile input at the service's HTTP boundary: random bodies (valid JSON of any shape, broken JSON, odd
 * content types) at every route that takes one, signed in or not. The service always answers with a precise
 * 4xx and an error code, never a 500, and a refused request changes nothing.
 * FUZZ_RUNS=2000 npx vitest run --project server tests/server/hostile-api.test.ts runs longer.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { api, signUpUser, type TestUser, useServiceFixture } from './support/service-fixture.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const fixture = useServiceFixture();
let user: TestUser;
let roomId: string;

beforeAll(async () => {
  user = await signUpUser(fixture.service, 'fuzz');
  const created = await api(fixture.service, '/v1/rooms', {
    method: 'POST',
    body: { title: 'Target' },
    token: user.token,
  });
  roomId = created.body.room.id;
});

const routes = (): Array<[method: string, path: string]> => [
  ['POST', '/v1/accounts'],
  ['POST', '/v1/sessions'],
  ['PATCH', '/v1/me'],
  ['POST', '/v1/rooms'],
  ['POST', `/v1/rooms/${roomId}/join`],
  ['POST', `/v1/rooms/${roomId}/stage`],
  ['POST', `/v1/rooms/${roomId}/mute`],
  ['POST', `/v1/rooms/${roomId}/bans`],
  ['POST', `/v1/rooms/${roomId}/reactions`],
  ['POST', '/v1/rooms/lookup'],
  ['POST', '/v1/live-lookup'],
  ['POST', '/v1/rooms/%3Cscript%3E/join'],
];

const body = fc.oneof(
  fc.json().map((rawBody) => ({ rawBody })),
  fc.string().map((rawBody) => ({ rawBody })),
  // Any code point, NUL and lone surrogates included, in the fields that are stored.
  fc
    .record({
      title: fc.string({ unit: 'binary' }),
      username: fc.string({ unit: 'binary' }),
      password: fc.string({ unit: 'binary' }),
    })
    .map((b) => ({ body: b })),
  fc
    .record(
      {
        title: fc.anything(),
        username: fc.anything(),
        password: fc.anything(),
        ids: fc.anything(),
        handles: fc.anything(),
        emoji: fc.anything(),
        accountId: fc.anything(),
        onStage: fc.anything(),
      },
      { requiredKeys: [] },
    )
    .map((b) => ({ body: b })),
);

it('refuses NUL characters (which Postgres cannot store) in bodies, paths and queries with a 400', async () => {
  const user2 = await signUpUser(fixture.service, 'nul');
  const cases: Array<[string, string, Record<string, unknown>?]> = [
    ['POST', '/v1/rooms', { title: 'a\u0000b' }],
    ['PATCH', '/v1/me', { displayName: 'x\u0000' }],
    ['POST', '/v1/sessions', { username: 'a\u0000', password: 'x' }],
    ['POST', '/v1/accounts', { username: 'abc', password: 'long enough\u0000', 'k\u0000': 1 }],
    ['GET', '/v1/accounts?prefix=a%00'],
    ['GET', '/v1/accounts/a%00'],
    ['PUT', '/v1/me/following/a%00'],
  ];
  for (const [method, path, body] of cases) {
    const response = await api(fixture.service, path, {
      method,
      ...(body ? { body } : {}),
      token: user2.token,
    });
    expect(response.status, `${method} ${path}`).toBe(400);
  }
});

it('answers random bodies on every route with a 4xx and an error code, and changes nothing', async () => {
  const snapshot = async () =>
    JSON.stringify([
      (await api(fixture.service, '/v1/rooms')).body,
      (await api(fixture.service, '/v1/me', { token: user.token })).body,
    ]);
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes()),
      body,
      fc.boolean(),
      async ([method, path], input, signedIn) => {
        const before = await snapshot();
        const response = await api(fixture.service, path, {
          method,
          ...input,
          ...(signedIn ? { token: user.token } : {}),
        });
        expect(response.status, `${method} ${path} ${JSON.stringify(input)}`).toBeLessThan(500);
        if (response.status >= 400) {
          expect(typeof response.body?.error?.code).toBe('string');
          // Refused: the rooms and the account are as they were. (A random body may also be valid.)
          expect(await snapshot()).toBe(before);
        }
      },
    ),
    { numRuns: RUNS },
  );
});
