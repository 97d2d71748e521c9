/**
 * The harness's setups as a test file's hooks: started before its tests, stopped after them. Kept apart from the
 * setups themselves, which scripts outside vitest use too.
 */
import { afterAll, beforeAll } from 'vitest';
import { type ListeningSession, type ListeningSessionOptions, startListening } from './listening-session';

/**
 * Starts a setup before the tests of the file (or `describe` block) it is called in and stops it after them
 * (with its `stop()` unless told how). The object returned is filled in when the hook runs: read its fields in
 * later hooks and in tests, e.g. `const bed = useSetup(() => startFeedTestBed({ … }))`.
 */
export function useSetup<T extends { stop(): Promise<void> }>(start: () => Promise<T>): T;
export function useSetup<T extends object>(start: () => Promise<T>, stop: (started: T) => Promise<void>): T;
export function useSetup<T extends object>(
  start: () => Promise<T>,
  stop = (started: T) => (started as unknown as { stop(): Promise<void> }).stop(),
): T {
  const started = {} as T;
  let running = false;
  beforeAll(async () => {
    Object.assign(started, await start());
    running = true;
  });
  afterAll(async () => {
    if (running) await stop(started);
  });
  return started;
}

/** `startListening` around the tests: a listener in the bot's room, the popup that joined closed. */
export const useListeningSession = (options: ListeningSessionOptions): ListeningSession =>
  useSetup(
    async () => {
      const session = await startListening(options);
      await session.popup.close();
      return session;
    },
    (session) => session.close(),
  );
