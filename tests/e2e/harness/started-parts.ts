/** What a setup has started so far, so that a failing step (or the end of the tests) stops it all. */
export interface StartedParts {
  /** Records a started part and how to stop it; returns the part. */
  add<T>(part: T, stop: (part: T) => Promise<void>): T;
  /** Stops every part, the last started first. */
  stopAll(): Promise<void>;
}

export function startedParts(): StartedParts {
  const stops: Array<() => Promise<void>> = [];
  return {
    add(part, stop) {
      stops.unshift(() => stop(part));
      return part;
    },
    async stopAll() {
      for (const stop of stops.splice(0)) await stop();
    },
  };
}

/** Runs a setup's steps; if one fails, stops what they had started, then throws that failure. */
export async function stopAllIfFails<T>(parts: StartedParts, steps: () => Promise<T>): Promise<T> {
  try {
    return await steps();
  } catch (error) {
    await parts.stopAll().catch(() => undefined);
    throw error;
  }
}
