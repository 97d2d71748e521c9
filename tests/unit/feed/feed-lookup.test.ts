import { describe, expect, it, vi } from 'vitest';
import { createFeedLookup, type FoundPost } from '@/utils/feed/feed-lookup';
import type { FeedLookupResult, RoomSummary } from '@/utils/protocol/session-state';
import { liveRoom } from './support/live-room';

const room = (id: string, title = `Room ${id}`): RoomSummary => liveRoom({ id, title, hostName: 'Host' });

function setup(answer: (ids: string[], handles: string[]) => FeedLookupResult | Promise<FeedLookupResult>) {
  let now = 1_000_000;
  const cards: Array<[Element, string]> = [];
  const chips: Array<[Element, string]> = [];
  const lookup = vi.fn(async (ids: string[], hosts: Array<{ site: string; handle: string }>) =>
    answer(
      ids,
      hosts.map((h) => h.handle),
    ),
  );
  const feed = createFeedLookup({
    site: 'x',
    lookup,
    onRoom: (post, r) => cards.push([post, r.id]),
    onLiveHost: (post, r) => chips.push([post, r.id]),
    now: () => now,
    batchMs: 0,
  });
  return {
    feed,
    lookup,
    cards,
    chips,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const found = (roomIds: string[], handle: string | null): FoundPost => {
  const post = document.createElement('article');
  document.body.append(post);
  return { post, roomIds, handle };
};

describe('feed lookup', () => {
  it('sends one request per batch, with only what it does not know yet', async () => {
    const { feed, lookup, cards, chips } = setup((ids, handles) => ({
      rooms: ids.filter((id) => id !== 'Unknown000').map((id) => room(id)),
      liveHosts: handles.includes('bob') ? [{ site: 'x', handle: 'Bob', room: room('BobRoom001') }] : [],
    }));
    const a = found(['AbCdEf1234'], 'alice');
    const b = found(['AbCdEf1234', 'Unknown000'], '@Bob');
    const c = found([], 'bob');
    await feed.resolve([a, b, c]);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup.mock.calls[0]![0]).toEqual(['AbCdEf1234', 'Unknown000']);
    expect(lookup.mock.calls[0]![1]).toEqual([
      { site: 'x', handle: 'alice' },
      { site: 'x', handle: 'bob' },
    ]);
    expect(cards.map(([post, id]) => [post === a.post ? 'a' : 'b', id])).toEqual([
      ['a', 'AbCdEf1234'],
      ['b', 'AbCdEf1234'],
    ]);
    expect(chips.map(([post]) => (post === b.post ? 'b' : 'c'))).toEqual(['b', 'c']);

    // The next batch with the same rooms and authors needs no request.
    await feed.resolve([found(['AbCdEf1234'], 'bob')]);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(cards).toHaveLength(3);
  });

  it('uses rooms from the directory without asking', async () => {
    const { feed, lookup, cards } = setup(() => ({ rooms: [], liveHosts: [] }));
    feed.seedRooms([room('Directory1')]);
    await feed.resolve([found(['Directory1'], null)]);
    expect(lookup).not.toHaveBeenCalled();
    expect(cards).toHaveLength(1);
  });

  it('asks again once answers are a minute old', async () => {
    const { feed, lookup, advance } = setup((ids) => ({ rooms: ids.map((id) => room(id)), liveHosts: [] }));
    await feed.resolve([found(['AbCdEf1234'], null)]);
    advance(61_000);
    await feed.resolve([found(['AbCdEf1234'], null)]);
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('splits a batch past the message limits (100 rooms, 200 hosts)', async () => {
    const { feed, lookup } = setup(() => ({ rooms: [], liveHosts: [] }));
    const posts = Array.from({ length: 250 }, (_, i) =>
      found([`Room${String(i).padStart(6, '0')}`], `user${i}`),
    );
    await feed.resolve(posts);
    expect(lookup.mock.calls.map(([ids, hosts]) => [ids.length, hosts.length])).toEqual([
      [100, 200],
      [100, 50],
      [50, 0],
    ]);
  });

  it('is quiet when the lookup fails, and rests before trying again', async () => {
    const { feed, lookup, cards, advance } = setup(() => {
      throw new Error('No route for POST /v1/rooms/lookup');
    });
    await expect(feed.resolve([found(['AbCdEf1234'], 'alice')])).resolves.toBeUndefined();
    await feed.resolve([found(['AbCdEf1234'], 'alice')]);
    expect(lookup).toHaveBeenCalledTimes(1);
    advance(31_000);
    await feed.resolve([found(['AbCdEf1234'], 'alice')]);
    expect(lookup).toHaveBeenCalledTimes(2);
    expect(cards).toEqual([]);
  });
});
