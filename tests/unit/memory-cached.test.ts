import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { memoryCached } from '@/utils/storage/memory-cached';

const item = () => storage.defineItem<string>('local:cachedThing', { fallback: 'default' });

/** The item, counting its reads from storage. */
function counted() {
  const stored = item();
  let reads = 0;
  const cached = memoryCached({
    getValue: () => {
      reads++;
      return stored.getValue();
    },
    setValue: (value: string) => stored.setValue(value),
    watch: (cb) => stored.watch(cb),
  });
  return { cached, reads: () => reads };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  fakeBrowser.reset();
});

it('reads storage once, then answers from memory', async () => {
  await item().setValue('https://rooms.example');
  const { cached, reads } = counted();
  expect(await cached.get()).toBe('https://rooms.example');
  expect(await cached.get()).toBe('https://rooms.example');
  expect(reads()).toBe(1);
});

it('reads again after another context changed the value', async () => {
  const { cached, reads } = counted();
  expect(await cached.get()).toBe('default');
  await item().setValue('https://elsewhere.example'); // as the options page would
  await settle();
  expect(await cached.get()).toBe('https://elsewhere.example');
  expect(reads()).toBe(2);
});

it('answers its own write at once, and stores it', async () => {
  const { cached } = counted();
  expect(await cached.get()).toBe('default');
  await cached.set('https://mine.example');
  expect(await cached.get()).toBe('https://mine.example');
  expect(await item().getValue()).toBe('https://mine.example');
});

it('does not remember a failed read', async () => {
  let fail = true;
  const cached = memoryCached<string>({
    getValue: async () => {
      if (fail) throw new Error('storage is gone');
      return 'back';
    },
    setValue: async () => undefined,
    watch: () => () => undefined,
  });
  await expect(cached.get()).rejects.toThrow('storage is gone');
  fail = false;
  expect(await cached.get()).toBe('back');
});
