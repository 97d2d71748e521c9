/**
 * Room cards and chips are mounted in idle time, not in the frame that found their post: a shadow root and a
 * render cost about a millisecond each on a slow machine (bench:feed), and a frame that also has the page's own
 * work to do should not carry them. The mounts waiting on a post run together; a post recycled before its turn
 * is dropped. Idle callbacks come within `timeoutMs` even on a page that is never idle.
 *
 * Posts wait to come near the viewport first (utils/feed/near-viewport.ts).
 */

export interface IdleMounter {
  /** Runs `mount` in an idle period soon. */
  add(target: Element, mount: () => void): void;
  /** Forgets what waits on `target` (the post was recycled). */
  cancel(target: Element): void;
  stop(): void;
}

/** Leaves this much of an idle period unused, for the browser. */
const SPARE_MS = 2;

export function createIdleMounter(timeoutMs = 300): IdleMounter {
  const waiting = new Map<Element, Array<() => void>>();
  let scheduled = false;
  let stopped = false;
  const idle =
    typeof requestIdleCallback === 'function'
      ? (run: (deadline?: IdleDeadline) => void) => requestIdleCallback(run, { timeout: timeoutMs })
      : (run: (deadline?: IdleDeadline) => void) => setTimeout(run, 0);
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    idle(runWaiting);
  };
  function runWaiting(deadline?: IdleDeadline) {
    scheduled = false;
    if (stopped) return;
    for (const [target, mounts] of waiting) {
      // At least one post per callback, then as long as the idle period lasts.
      waiting.delete(target);
      for (const mount of mounts) mount();
      if (deadline && !deadline.didTimeout && deadline.timeRemaining() < SPARE_MS) break;
    }
    if (waiting.size > 0) schedule();
  }
  return {
    add(target, mount) {
      const mounts = waiting.get(target);
      if (mounts) mounts.push(mount);
      else waiting.set(target, [mount]);
      schedule();
    },
    cancel(target) {
      waiting.delete(target);
    },
    stop() {
      stopped = true;
      waiting.clear();
    },
  };
}
