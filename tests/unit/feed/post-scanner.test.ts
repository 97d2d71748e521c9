import { afterEach, describe, expect, it } from 'vitest';
import { createPostScanner } from '@/utils/feed/post-scanner';
import { mutationSentinel } from './support/mutation-sentinel';

/** Frames run when the test says so. */
function manualFrames() {
  const queue: Array<() => void> = [];
  return {
    schedule: (callback: () => void) => queue.push(callback),
    get pending() {
      return queue.length;
    },
    async run() {
      await Promise.resolve(); // let MutationObserver callbacks run
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const callback of queue.splice(0)) callback();
    },
  };
}

function post(id: string, text = 'hello') {
  const article = document.createElement('article');
  article.setAttribute('data-post', id);
  article.append(document.createElement('p'));
  article.firstElementChild!.textContent = text;
  const row = document.createElement('div');
  row.append(article);
  return row;
}

describe('post scanner', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  function setup() {
    const frames = manualFrames();
    const batches: string[][] = [];
    let frameCount = 0;
    const scanner = createPostScanner({
      root: document.body,
      postSelector: 'article[data-post]',
      read: (element) => ({ key: element.getAttribute('data-post') ?? '' }),
      isOwn: (element) => element.tagName === 'EARSHOT-CARD',
      onPosts: (posts) => batches.push(posts.map((p) => p.info.key)),
      onFrame: () => {
        frameCount += 1;
      },
      schedule: frames.schedule,
    });
    return { frames, batches, scanner, frames_: () => frameCount };
  }

  it('scans what is on the page, then each batch of inserted posts once per frame', async () => {
    document.body.append(post('1'), post('2'));
    const { frames, batches, scanner } = setup();
    scanner.start();
    await frames.run();
    expect(batches).toEqual([['1', '2']]);

    // Infinite scroll: three insertions before the next frame are handled together.
    document.body.append(post('3'));
    document.body.append(post('4'));
    document.body.append(post('5'));
    await frames.run();
    expect(batches).toEqual([
      ['1', '2'],
      ['3', '4', '5'],
    ]);
    scanner.stop();
  });

  it('does not scan a post twice, nor react to its own UI', async () => {
    const { frames, batches, scanner } = setup();
    scanner.start();
    await frames.run();
    const row = post('7');
    document.body.append(row);
    await frames.run();
    row.querySelector('article')!.append(document.createElement('earshot-card'));
    row.querySelector('p')!.append(document.createElement('span'));
    await frames.run();
    expect(batches).toEqual([['7']]);
    scanner.stop();
  });

  it('scans a recycled post again when it shows another post', async () => {
    const { frames, batches, scanner } = setup();
    scanner.start();
    const row = post('8');
    document.body.append(row);
    await frames.run();
    const article = row.querySelector('article')!;
    article.setAttribute('data-post', '9');
    article.querySelector('p')!.textContent = 'another post';
    await frames.run();
    expect(batches).toEqual([['8'], ['9']]);
    scanner.stop();
  });

  it('keeps posts with nothing of interest to itself, until a recycled one had something', async () => {
    const frames = manualFrames();
    const batches: string[][] = [];
    const nothing = { key: '' };
    const scanner = createPostScanner({
      root: document.body,
      postSelector: 'article[data-post]',
      // Only posts marked "room" are of interest (as a room link would make them).
      read: (element) =>
        element.querySelector('.room') ? { key: element.getAttribute('data-post') ?? '' } : nothing,
      nothing,
      isOwn: () => false,
      onPosts: (posts) => batches.push(posts.map((p) => p.info.key || '(nothing)')),
      schedule: frames.schedule,
    });
    scanner.start();
    const plain = post('10');
    const linked = post('11');
    linked.querySelector('p')!.className = 'room';
    document.body.append(plain, linked);
    await frames.run();
    expect(batches).toEqual([['11']]);
    // The element that showed post 11 now shows a plain post: handed over, so its card can go.
    const article = linked.querySelector('article')!;
    article.setAttribute('data-post', '12');
    article.querySelector('p')!.replaceWith(document.createElement('p'));
    // And the plain one gets a room link: it is of interest now.
    const paragraph = plain.querySelector('p')!;
    paragraph.append(Object.assign(document.createElement('span'), { className: 'room' }));
    await frames.run();
    expect(batches).toEqual([['11'], ['(nothing)', '10']]);
    scanner.stop();
  });

  describe('with an interest selector', () => {
    function setupWithInterest() {
      const frames = manualFrames();
      const batches: string[][] = [];
      const reads: string[] = [];
      const nothing = { key: '' };
      const scanner = createPostScanner({
        root: document.body,
        postSelector: 'article[data-post]',
        read: (element) => {
          reads.push(element.getAttribute('data-post') ?? '');
          return element.querySelector('.room') ? { key: element.getAttribute('data-post') ?? '' } : nothing;
        },
        nothing,
        interest: () => ({ inside: '.room', self: 'article[data-post="by-host"]' }),
        isOwn: (element) => element.tagName === 'EARSHOT-CARD',
        onPosts: (posts) => batches.push(posts.map((p) => p.info.key || '(nothing)')),
        schedule: frames.schedule,
        sentinel: mutationSentinel,
      });
      return { frames, batches, reads, scanner };
    }
    const withRoom = (id: string) => {
      const row = post(id);
      row.querySelector('p')!.className = 'room';
      return row;
    };

    it("gives the page's mutations a frame (nodes may have been removed), and again after that frame", async () => {
      const frames = manualFrames();
      const removedFlags: boolean[] = [];
      const scanner = createPostScanner({
        root: document.body,
        postSelector: 'article[data-post]',
        read: (element) => ({ key: element.getAttribute('data-post') ?? '' }),
        nothing: { key: '' },
        interest: () => ({ inside: '.room', self: null }),
        isOwn: (element) => element.tagName === 'EARSHOT-CARD',
        onPosts: () => undefined,
        onFrame: (_time, removed) => removedFlags.push(removed),
        schedule: frames.schedule,
        sentinel: mutationSentinel,
        quietFrameMs: 0,
      });
      scanner.start();
      await frames.run();
      removedFlags.length = 0;
      for (const round of [1, 2]) {
        document.body.append(post(`${round}a`));
        await Promise.resolve();
        document.body.firstElementChild!.remove();
        await frames.run();
        expect(frames.pending).toBe(0);
        expect(removedFlags).toEqual(round === 1 ? [true] : [true, true]);
      }
      scanner.stop();
    });

    it('reads only the posts with a match, in rows or in a container of rows', async () => {
      const { frames, batches, reads, scanner } = setupWithInterest();
      scanner.start();
      await frames.run();
      const container = document.createElement('div');
      container.append(post('21'), withRoom('22'));
      document.body.append(post('20'), withRoom('23'), container, post('by-host'));
      await frames.run();
      expect(reads.sort()).toEqual(['22', '23', 'by-host']);
      expect(batches).toEqual([['23', '22']]);
      scanner.stop();
    });

    it('hands a post with a match over as soon as it is found, without waiting for a frame', async () => {
      const { frames, batches, scanner } = setupWithInterest();
      scanner.start();
      await frames.run();
      document.body.append(post('30'), withRoom('31'));
      // The sentinel's report, then the scanner's flush: microtasks, no frame.
      for (let i = 0; i < 3; i++) await Promise.resolve();
      expect(batches).toEqual([['31']]);
      await frames.run();
      expect(batches).toEqual([['31']]); // not again in the next frame
      scanner.stop();
    });

    it('when the interest widens (a host went live), reads the posts already on the page it now asks for', async () => {
      const frames = manualFrames();
      const batches: string[][] = [];
      const reads: string[] = [];
      let interest = { inside: '.room', self: null as string | null };
      const scanner = createPostScanner({
        root: document.body,
        postSelector: 'article[data-post]',
        read: (element) => {
          reads.push(element.getAttribute('data-post') ?? '');
          return { key: element.getAttribute('data-post') ?? '' };
        },
        nothing: { key: '' },
        interest: () => interest,
        isOwn: (element) => element.tagName === 'EARSHOT-CARD',
        onPosts: (posts) => batches.push(posts.map((p) => p.info.key)),
        schedule: frames.schedule,
        sentinel: mutationSentinel,
      });
      document.body.append(withRoom('40'), post('by-host'), post('41'));
      scanner.start();
      await frames.run();
      expect(batches).toEqual([['40']]);
      interest = { inside: '.room', self: 'article[data-post="by-host"]' };
      scanner.rescanInterest();
      await frames.run();
      // The host's post is handed over now; the linked one, handed over already, not again; a plain one is not read.
      expect(batches).toEqual([['40'], ['by-host']]);
      expect(reads).toContain('by-host');
      expect(reads).not.toContain('41');
      scanner.stop();
    });

    it('reads a post again when a room link appears in it, or when it showed one and was recycled', async () => {
      const { frames, batches, reads, scanner } = setupWithInterest();
      scanner.start();
      const plain = post('30');
      const linked = withRoom('31');
      document.body.append(plain, linked);
      await frames.run();
      expect(batches).toEqual([['31']]);
      // Our own card in the post does not make it read again.
      linked.querySelector('article')!.append(document.createElement('earshot-card'));
      await frames.run();
      expect(reads).toEqual(['31']);
      // A room link rendered late into a plain post.
      plain.querySelector('p')!.append(Object.assign(document.createElement('span'), { className: 'room' }));
      // The linked post's element recycled for a plain post.
      const article = linked.querySelector('article')!;
      article.setAttribute('data-post', '32');
      article.querySelector('p')!.replaceWith(document.createElement('p'));
      await frames.run();
      expect(batches).toEqual([['31'], ['30', '(nothing)']]);
      scanner.stop();
    });
  });

  it('stops observing when stopped', async () => {
    const { frames, batches, scanner } = setup();
    scanner.start();
    await frames.run();
    scanner.stop();
    document.body.append(post('10'));
    await frames.run();
    expect(batches).toEqual([]);
  });
});
