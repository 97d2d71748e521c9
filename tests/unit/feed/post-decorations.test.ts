import { afterEach, describe, expect, it } from 'vitest';
import { createPostDecorations, type Decoration } from '@/utils/feed/post-decorations';

/** A decoration placed in `post` (a span), and how many times it was mounted. */
function decorate(post: Element, place: () => Element | null = () => post) {
  let mounts = 0;
  const mount = (): Decoration | null => {
    const anchor = place();
    if (!anchor) return null;
    mounts += 1;
    const node = document.createElement('span');
    node.className = 'ui';
    anchor.append(node);
    return {
      remove: () => node.remove(),
      get connected() {
        return node.isConnected;
      },
    };
  };
  return { mount, mounts: () => mounts };
}

describe('post decorations', () => {
  const controller = new AbortController();
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('mounts at once, once per post and key', () => {
    const decorations = createPostDecorations(controller.signal);
    const post = document.body.appendChild(document.createElement('article'));
    const card = decorate(post);
    decorations.add(post, 'card:1', card.mount);
    decorations.add(post, 'card:1', card.mount);
    expect(card.mounts()).toBe(1);
    expect(post.querySelectorAll('.ui')).toHaveLength(1);
  });

  it('mounts again what the site removed with the content, on a frame that removed nodes', () => {
    const decorations = createPostDecorations(controller.signal);
    const post = document.body.appendChild(document.createElement('article'));
    const content = post.appendChild(document.createElement('div'));
    const card = decorate(post, () => post.querySelector('div'));
    decorations.add(post, 'card:1', card.mount);
    expect(content.querySelector('.ui')).not.toBeNull();

    // The site empties the post and fills it again (X refills a row).
    content.remove();
    post.appendChild(document.createElement('div'));
    // A frame that only added nodes cannot have taken anything away: nothing is looked at.
    decorations.revive(false);
    expect(card.mounts()).toBe(1);
    // The frame that removed the content.
    decorations.revive(true);
    expect(card.mounts()).toBe(2);
    expect(post.querySelectorAll('.ui')).toHaveLength(1);
  });

  it('tries again on every frame a decoration that found no place, until it does', () => {
    const decorations = createPostDecorations(controller.signal);
    const post = document.body.appendChild(document.createElement('article'));
    const card = decorate(post, () => post.querySelector('.status__content'));
    decorations.add(post, 'card:1', card.mount);
    expect(card.mounts()).toBe(0);
    // A content warning opened: the content arrives (a frame with additions only).
    post.appendChild(document.createElement('div')).className = 'status__content';
    decorations.revive(false);
    expect(card.mounts()).toBe(1);
    decorations.revive(false);
    expect(card.mounts()).toBe(1);
  });

  it('forgets a post the site dropped, and removes what a cleared post had', () => {
    const decorations = createPostDecorations(controller.signal);
    const dropped = document.body.appendChild(document.createElement('article'));
    const recycled = document.body.appendChild(document.createElement('article'));
    decorations.add(dropped, 'chip:1', decorate(dropped).mount);
    decorations.add(recycled, 'chip:1', decorate(recycled).mount);
    dropped.remove();
    decorations.revive(true);
    expect(decorations.has(dropped)).toBe(false);
    decorations.clear(recycled);
    expect(decorations.has(recycled)).toBe(false);
    expect(recycled.querySelector('.ui')).toBeNull();
  });
});
