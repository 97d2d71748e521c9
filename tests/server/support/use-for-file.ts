/** Something a whole test file uses (a service, a database host): started before its tests, stopped after. */
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers `beforeAll(start)` and `afterAll(stop)` in the calling file (or describe block) and returns a
 * stand-in for what `start` resolves to: read it inside tests and hooks, once it has started. Hooks the
 * file registers after this call run after the start, and their `afterAll`s before the stop.
 */
export function useForFile<T extends { stop(): Promise<void> }>(start: () => Promise<T>): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    await started?.stop();
  });
  const current = (): T => {
    if (!started)
      throw new Error('Not started yet: read it inside a test or a hook, not at the top of the file');
    return started;
  };
  return new Proxy({} as T, {
    get(_, key) {
      const value = Reflect.get(current(), key);
      return typeof value === 'function' ? value.bind(current()) : value;
    },
    has: (_, key) => Reflect.has(current(), key),
  });
}
