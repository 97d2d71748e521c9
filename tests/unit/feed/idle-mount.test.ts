import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIdleMounter } from '@/utils/feed/idle-mount';

const idle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('idle mounter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('mounts later, not in the caller’s turn; what waits on one post runs together, once', async () => {
    const mounter = createIdleMounter(10);
    const post = document.createElement('article');
    const calls: string[] = [];
    mounter.add(post, () => calls.push('card'));
    mounter.add(post, () => calls.push('chip'));
    expect(calls).toEqual([]);
    await idle();
    expect(calls).toEqual(['card', 'chip']);
    await idle();
    expect(calls).toEqual(['card', 'chip']);
  });

  it('drops the mounts of a post recycled before its turn, and everything once stopped', async () => {
    const mounter = createIdleMounter(10);
    const recycled = document.createElement('article');
    const kept = document.createElement('article');
    const calls: string[] = [];
    mounter.add(recycled, () => calls.push('recycled'));
    mounter.add(kept, () => calls.push('kept'));
    mounter.cancel(recycled);
    await idle();
    expect(calls).toEqual(['kept']);
    mounter.stop();
    mounter.add(kept, () => calls.push('after stop'));
    await idle();
    expect(calls).toEqual(['kept']);
  });
});
