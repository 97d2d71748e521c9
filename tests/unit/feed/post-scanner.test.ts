import { afterEach, describe, expect, it } from 'vitest';
import { createPostScanner } from '@/utils/feed/post-scanner';

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
