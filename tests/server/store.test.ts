/** The same store behaviour on both drivers: embedded PGlite and a real Postgres cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/open-database.ts';
import { randomId } from '../../server/random-id.ts';
import { createHandlesStore } from '../../server/store/handles-store.ts';
import { createStores, type Stores } from '../../server/store/stores.ts';
import { FEED_SITES } from '../../wire/sites.ts';
import { DRIVERS, freshDatabase, startDatabaseHost } from './support/databases.ts';
import { useForFile } from './support/use-for-file.ts';

describe.each(DRIVERS)('store on %s', (driver) => {
  const host = useForFile(() => startDatabaseHost(driver));
  let db: Database;
  let stores: Stores;
  beforeAll(async () => {
    db = (await freshDatabase(host)).db;
    stores = createStores(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const newAccount = async (username = `user_${randomId(8)}`) => {
    const account = await stores.accounts.insert({
      id: randomId(12),
      username,
      displayName: username.toUpperCase(),
      passwordHash: 'hash',
    });
    if (!account) throw new Error(`username ${username} taken`);
    return account;
  };
  const at = (iso: string) => new Date(iso);
  /** A room that went live at 2030-01-01T00:00Z; its id. */
  const insertLiveRoom = async (hostId: string, title: string, description = '') => {
    const id = randomId(10);
    await stores.rooms.insert({
      id,
      hostId,
      title,
      description,
      language: null,
      state: 'live',
      scheduledFor: null,
      startedAt: at('2030-01-01T00:00:00Z'),
    });
    return id;
  };

  it('keeps usernames unique regardless of case, and finds them in any case', async () => {
    const name = `Ada_${randomId(6)}`;
    const ada = await newAccount(name);
    expect(
      await stores.accounts.insert({
        id: randomId(12),
        username: name.toLowerCase(),
        displayName: 'x',
        passwordHash: 'h',
      }),
    ).toBeUndefined();
    expect((await stores.accounts.byUsername(name.toUpperCase()))?.id).toBe(ada.id);
    expect((await stores.accounts.credentials(name))?.passwordHash).toBe('hash');
  });

  it('searches usernames by prefix, treating wildcards literally', async () => {
    const stem = `pfx${randomId(6).toLowerCase()}`;
    await newAccount(`${stem}_b`);
    await newAccount(`${stem.toUpperCase()}_a`);
    await newAccount(`${stem}xb`);
    const found = await stores.accounts.searchByUsernamePrefix(`${stem}_`, 10);
    expect(found.map((a) => a.username.toLowerCase())).toEqual([`${stem}_a`, `${stem}_b`]);
  });

  it('updates a profile and keeps what was not changed', async () => {
    const account = await newAccount();
    const updated = await stores.accounts.updateProfile(account.id, {
      avatarUrl: 'https://img.example/a.png',
    });
    expect(updated).toMatchObject({
      displayName: account.displayName,
      avatarUrl: 'https://img.example/a.png',
    });
    const renamed = await stores.accounts.updateProfile(account.id, { displayName: 'New name' });
    expect(renamed).toMatchObject({ displayName: 'New name', avatarUrl: 'https://img.example/a.png' });
    expect((await stores.accounts.updateProfile(account.id, { avatarUrl: null }))?.avatarUrl).toBeNull();
  });

  it("stores handles on exactly the wire contract's sites (the table's CHECK lists them too)", async () => {
    const account = await newAccount();
    const handle = `site${randomId(6).toLowerCase()}`;
    const claims = FEED_SITES.map((site) => ({ site, handle }));
    await db.transaction((tx) => createHandlesStore(tx).replaceClaims(account.id, claims));
    expect((await createHandlesStore(db).ofAccount(account.id)).map((claim) => claim.site).sort()).toEqual(
      [...FEED_SITES].sort(),
    );
    await expect(
      db.query('INSERT INTO claimed_handles (site, handle, account_id) VALUES ($1, $2, $3)', [
        'myspace',
        handle,
        account.id,
      ]),
    ).rejects.toThrow();
  });

  it('stores claims normalized; a claim reserves nothing, a verified handle has one owner at a time', async () => {
    const [first, second] = [await newAccount(), await newAccount()];
    const handles = createHandlesStore(db);
    const handle = `Poster${randomId(5)}`;
    await db.transaction((tx) =>
      createHandlesStore(tx).replaceClaims(first.id, [
        { site: 'x', handle: `@${handle}` },
        { site: 'mastodon', handle: `${handle}@Social.example` },
      ]),
    );
    const claimed = { verifiedAt: null, method: null, subject: null, checkedAt: null };
    expect(await handles.ofAccount(first.id)).toEqual([
      { site: 'mastodon', handle: `${handle.toLowerCase()}@social.example`, ...claimed },
      { site: 'x', handle: handle.toLowerCase(), ...claimed },
    ]);
    // Someone else may claim the same handle: claims are not reservations.
    await db.transaction((tx) =>
      createHandlesStore(tx).replaceClaims(second.id, [{ site: 'x', handle: handle.toUpperCase() }]),
    );
    expect((await handles.ofAccount(second.id)).map((h) => h.handle)).toEqual([handle.toLowerCase()]);
    // A proof makes one of them the owner; a later proof by the other moves it.
    const x = { site: 'x' as const, handle };
    await handles.markVerified(first.id, x, { method: 'rel_me', subject: 's1' }, at('2030-01-01T00:00:00Z'));
    expect(await handles.verifiedOwner(x)).toBe(first.id);
    await handles.markVerified(second.id, x, { method: 'rel_me', subject: 's2' }, at('2030-01-02T00:00:00Z'));
    expect(await handles.verifiedOwner(x)).toBe(second.id);
    expect((await handles.ofAccount(first.id)).find((h) => h.site === 'x')?.verifiedAt).toBeNull();
    // Replacing claims keeps the verification of handles kept.
    await handles.replaceClaims(second.id, [x, { site: 'bsky', handle: `${handle}.bsky.social` }]);
    expect(await handles.verifiedOwner(x)).toBe(second.id);
  });

  it('finds sessions until they expire, and forgets them on delete', async () => {
    const account = await newAccount();
    const hash = randomId(64);
    await stores.sessions.insert(hash, account.id, at('2030-01-31T00:00:00Z'));
    expect(await stores.sessions.find(hash, at('2030-01-30T23:59:59Z'))).toEqual({
      tokenHash: hash,
      accountId: account.id,
    });
    expect(await stores.sessions.find(hash, at('2030-01-31T00:00:00Z'))).toBeUndefined();
    await stores.sessions.delete(hash);
    expect(await stores.sessions.find(hash, at('2030-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('follows idempotently and pages through following and followers', async () => {
    const me = await newAccount();
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await newAccount());
    for (const other of others) await stores.follows.follow(me.id, other.id);
    await stores.follows.follow(me.id, others[0]!.id);
    await stores.follows.follow(others[1]!.id, me.id);

    const seen: string[] = [];
    let page = await stores.follows.following(me.id, 2);
    seen.push(...page.accounts.map((a) => a.id));
    while (page.next) {
      page = await stores.follows.following(me.id, 2, page.next);
      seen.push(...page.accounts.map((a) => a.id));
    }
    expect(seen.sort()).toEqual(others.map((a) => a.id).sort());
    expect((await stores.follows.followers(me.id, 10)).accounts.map((a) => a.id)).toEqual([others[1]!.id]);

    await stores.follows.unfollow(me.id, others[0]!.id);
    await stores.follows.unfollow(me.id, others[0]!.id);
    expect(await stores.follows.isFollowing(me.id, others[0]!.id)).toBe(false);
    expect(await stores.follows.followersAmong(others[2]!.id, [me.id, others[1]!.id])).toEqual([me.id]);
  });

  it('lists the live and upcoming rooms of followed hosts, busiest live rooms first', async () => {
    const me = await newAccount();
    const [quiet, busy, later, soon, stranger] = [
      await newAccount(),
      await newAccount(),
      await newAccount(),
      await newAccount(),
      await newAccount(),
    ];
    for (const host of [quiet, busy, later, soon]) await stores.follows.follow(me.id, host.id);
    const room = (hostId: string, state: 'live' | 'scheduled', when: string) => ({
      id: randomId(10),
      hostId,
      title: `room of ${hostId}`,
      description: '',
      language: 'en',
      state,
      scheduledFor: state === 'scheduled' ? at(when) : null,
      startedAt: state === 'live' ? at(when) : null,
    });
    const rooms = {
      quiet: room(quiet!.id, 'live', '2030-01-01T10:00:00Z'),
      busy: room(busy!.id, 'live', '2030-01-01T09:00:00Z'),
      later: room(later!.id, 'scheduled', '2030-02-02T00:00:00Z'),
      soon: room(soon!.id, 'scheduled', '2030-02-01T00:00:00Z'),
      stranger: room(stranger!.id, 'live', '2030-01-01T10:00:00Z'),
    };
    for (const value of Object.values(rooms)) await stores.rooms.insert(value);
    await stores.rooms.upsertParticipant(rooms.busy.id, 'u-1', false);
    await stores.rooms.upsertParticipant(rooms.busy.id, 'u-2', false);
    expect(await stores.rooms.upsertParticipant(rooms.busy.id, 'u-3', true)).toEqual({
      listenerCount: 2,
      speakerCount: 1,
    });

    const directory = await stores.rooms.ofFollowedHosts(me.id);
    expect(directory.live.map((r) => r.id)).toEqual([rooms.busy.id, rooms.quiet.id]);
    expect(directory.upcoming.map((r) => r.id)).toEqual([rooms.soon.id, rooms.later.id]);
    expect(directory.live[0]).toMatchObject({
      listenerCount: 2,
      speakerCount: 1,
      hostUsername: busy!.username,
    });

    // Leaving and ending change what is listed.
    expect(await stores.rooms.removeParticipant(rooms.busy.id, 'u-1')).toEqual({
      listenerCount: 1,
      speakerCount: 1,
    });
    expect(await stores.rooms.markEnded(rooms.quiet.id, at('2030-01-01T11:00:00Z'))).toBe(true);
    expect(await stores.rooms.markEnded(rooms.quiet.id, at('2030-01-01T12:00:00Z'))).toBe(false);
    expect(await stores.rooms.markLive(rooms.soon.id, at('2030-02-01T00:01:00Z'))).toBe(true);
    const after = await stores.rooms.ofFollowedHosts(me.id);
    expect(after.live.map((r) => r.id)).toEqual([rooms.busy.id, rooms.soon.id]);
    expect(after.upcoming.map((r) => r.id)).toEqual([rooms.later.id]);
    expect(await stores.rooms.get(rooms.quiet.id)).toMatchObject({
      state: 'ended',
      endedAt: at('2030-01-01T11:00:00Z'),
    });
  });

  it('looks rooms up by id, live rooms by their host handles, and the live hosts of a site', async () => {
    const host = await newAccount();
    const handle = `live${randomId(6).toLowerCase()}`;
    await createHandlesStore(db).replaceClaims(host.id, [{ site: 'bsky', handle }]);
    const roomId = await insertLiveRoom(host.id, 'Handles', 'about handles');
    // Claimed only: never matched.
    expect(await stores.rooms.liveByHostHandles([{ site: 'bsky', handle }])).toEqual([]);
    expect((await stores.rooms.liveHostsOnSite('bsky', 1000)).map((h) => h.handle)).not.toContain(handle);
    await createHandlesStore(db).markVerified(
      host.id,
      { site: 'bsky', handle },
      { method: 'atproto_profile', subject: 'did:plc:test' },
      at('2030-01-01T00:00:00Z'),
    );
    expect((await stores.rooms.byIds([roomId, 'Unknown123'])).map((r) => r.id)).toEqual([roomId]);
    const matches = await stores.rooms.liveByHostHandles([
      { site: 'bsky', handle },
      { site: 'x', handle },
    ]);
    expect(matches).toEqual([
      { site: 'bsky', handle, room: expect.objectContaining({ id: roomId, title: 'Handles' }) },
    ]);
    // The site's live hosts, as content scripts fetch them: on that site only, and up to the limit.
    expect(await stores.rooms.liveHostsOnSite('bsky', 1000)).toContainEqual({
      handle,
      room: expect.objectContaining({ id: roomId }),
    });
    expect((await stores.rooms.liveHostsOnSite('x', 1000)).map((h) => h.handle)).not.toContain(handle);
    expect(await stores.rooms.liveHostsOnSite('bsky', 0)).toEqual([]);
    await stores.rooms.markEnded(roomId, at('2030-01-01T01:00:00Z'));
    expect(await stores.rooms.liveByHostHandles([{ site: 'bsky', handle }])).toEqual([]);
    expect((await stores.rooms.liveHostsOnSite('bsky', 1000)).map((h) => h.handle)).not.toContain(handle);
  });

  it('keeps roles, raised hands and bans per room', async () => {
    const [hostAccount, listener] = [await newAccount(), await newAccount()];
    const roomId = await insertLiveRoom(hostAccount.id, 'Roles');
    expect(await stores.roles.roleOf(roomId, hostAccount.id, hostAccount.id)).toBe('host');
    expect(await stores.roles.roleOf(roomId, hostAccount.id, listener.id)).toBe('listener');
    await stores.roles.raiseHand(roomId, listener.id);
    await stores.roles.raiseHand(roomId, listener.id);
    expect((await stores.roles.raisedHands(roomId)).map((h) => h.accountId)).toEqual([listener.id]);
    await stores.roles.setRole(roomId, listener.id, 'speaker');
    expect(await stores.roles.stageCounts(roomId)).toEqual({ cohosts: 0, speakers: 1 });
    await stores.roles.ban(roomId, listener.id, hostAccount.id);
    expect(await stores.roles.isBanned(roomId, listener.id)).toBe(true);
    expect(await stores.roles.roleOf(roomId, hostAccount.id, listener.id)).toBe('listener');
    expect(await stores.roles.raisedHands(roomId)).toEqual([]);
  });

  it('loses nothing when the database is closed and opened again, and migrates once', async () => {
    const { db: first, settings } = await freshDatabase(host);
    const account = await createStores(first).accounts.insert({
      id: 'persisted01',
      username: 'Persisted',
      displayName: 'P',
      passwordHash: 'h',
    });
    expect(account).toBeDefined();
    await first.close();

    const second = await openDatabase(settings);
    try {
      expect((await createStores(second).accounts.byUsername('persisted'))?.id).toBe('persisted01');
      expect(await migrate(second)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
