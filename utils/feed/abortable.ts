/**
 * Timers, effects and listener lists that end when an AbortSignal aborts: each feed feature is given one, and
 * everything it starts stops with it.
 */
import { effect } from '@preact/signals';

/** Calls `run` every `ms` until `signal` aborts. */
export function every(ms: number, run: () => void, signal: AbortSignal): void {
  const id = setInterval(run, ms);
  signal.addEventListener('abort', () => clearInterval(id), { once: true });
}

/** Calls `run` once after `ms`, unless `signal` aborts first. */
export function after(ms: number, run: () => void, signal: AbortSignal): void {
  const id = setTimeout(run, ms);
  signal.addEventListener('abort', () => clearTimeout(id), { once: true });
}

/**
 * `run` at most once every `ms`: a call within `ms` of the last run is put off until then (one timer at most), so
 * the last call is never lost. `time`: the caller's clock when it has one (an animation frame's), else
 * `performance.now()`. For checks asked on every frame with mutations, which an infinite scroll makes many.
 */
export function throttled(ms: number, run: () => void, signal: AbortSignal): (time?: number) => void {
  let ranAt = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  const check = (time = performance.now()) => {
    if (signal.aborted) return;
    if (time - ranAt < ms) {
      timer ??= setTimeout(() => {
        timer = undefined;
        check();
      }, ms);
      return;
    }
    ranAt = time;
    run();
  };
  return check;
}

/** A signals effect (it runs now, and again when the signals it read change) until `signal` aborts. */
export function watch(run: () => void, signal: AbortSignal): void {
  signal.addEventListener('abort', effect(run), { once: true });
}

/** Listeners that each leave when their own signal aborts. */
export interface Listeners<A extends unknown[]> {
  add(listener: (...args: A) => void, signal: AbortSignal): void;
  emit(...args: A): void;
}

export function listeners<A extends unknown[]>(): Listeners<A> {
  const all = new Set<(...args: A) => void>();
  return {
    add(listener, signal) {
      if (signal.aborted) return;
      all.add(listener);
      signal.addEventListener('abort', () => all.delete(listener), { once: true });
    },
    emit(...args) {
      for (const listener of all) listener(...args);
    },
  };
}

/**
 * Runs `load` now and, once it is done, again every `ms` while the page is visible and whenever it becomes
 * visible again, until `signal` aborts. Resolves when the first load is done.
 */
export async function refreshWhileVisible(
  load: () => Promise<void>,
  ms: number,
  signal: AbortSignal,
): Promise<void> {
  await load();
  if (signal.aborted) return;
  every(
    ms,
    () => {
      if (document.visibilityState !== 'hidden') void load();
    },
    signal,
  );
  document.addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState === 'visible') void load();
    },
    { signal },
  );
}
