/**
 * Samples a value (a status on a page) every `everyMs` and records each change, so a test can assert the
 * sequence a user saw through a fault. Failed reads (a page mid-reload) are skipped.
 */
export interface ChangeWatch {
  /** The distinct values in the order they were seen (a repeat only after another value). */
  readonly seen: string[];
  /** Stops sampling and waits for the last read to finish. */
  stop(): Promise<void>;
}

export function watchChanges(read: () => Promise<string | null>, everyMs = 100): ChangeWatch {
  const seen: string[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const now = await read().catch(() => null);
      if (now && seen.at(-1) !== now) seen.push(now);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    seen,
    async stop() {
      watching = false;
      await watcher;
    },
  };
}
