/**
 * A storage item read once, then answered from memory until storage reports a change (from any context: the
 * options page may move the service). The background reads the service URL and the session token on every call
 * to the rooms service; a join should not wait for a trip to the browser's storage for them.
 */
import type { WxtStorageItem } from 'wxt/utils/storage';

export interface MemoryCachedItem<T> {
  /** The value: from memory after the first read, until storage says it changed. */
  get(): Promise<T>;
  /** Writes the value; reads right after see it (storage's change event may come later). */
  set(value: T): Promise<void>;
}

export function memoryCached<T>(
  item: Pick<WxtStorageItem<T, Record<string, unknown>>, 'getValue' | 'setValue' | 'watch'>,
): MemoryCachedItem<T> {
  let cached: Promise<T> | null = null;
  // Any change, ours or another context's, makes the next read ask storage again.
  item.watch(() => {
    cached = null;
  });
  return {
    get() {
      if (cached) return cached;
      const read = item.getValue();
      cached = read;
      read.catch(() => {
        if (cached === read) cached = null; // a failed read is not remembered
      });
      return read;
    },
    async set(value) {
      cached = null;
      await item.setValue(value);
      cached = Promise.resolve(value);
    },
  };
}
