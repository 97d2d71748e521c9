/**
 * Runs work for an element once it comes near the viewport (within `margin`: a screen and a half above and
 * below by default), through one IntersectionObserver: a room card or chip for a post far down a long page is
 * mounted when the reader gets close, not when the post is found. The observer's first answer for an element
 * comes with the next rendering update, so a post already on screen waits one frame at most.
 */

export interface NearViewport {
  /** Runs `run` once `target` is near the viewport (at once where IntersectionObserver is missing). */
  whenNear(target: Element, run: () => void): void;
  /** Forgets what waits on `target` (the post was recycled). */
  cancel(target: Element): void;
  stop(): void;
}

export function createNearViewport(margin = '150% 0px'): NearViewport {
  if (typeof IntersectionObserver !== 'function') {
    return { whenNear: (_, run) => run(), cancel: () => undefined, stop: () => undefined };
  }
  const waiting = new Map<Element, Array<() => void>>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        const runs = waiting.get(entry.target);
        waiting.delete(entry.target);
        observer.unobserve(entry.target);
        for (const run of runs ?? []) run();
      }
    },
    { rootMargin: margin },
  );
  return {
    whenNear(target, run) {
      const runs = waiting.get(target);
      if (runs) {
        runs.push(run);
        return;
      }
      waiting.set(target, [run]);
      observer.observe(target);
    },
    cancel(target) {
      if (waiting.delete(target)) observer.unobserve(target);
    },
    stop() {
      waiting.clear();
      observer.disconnect();
    },
  };
}
