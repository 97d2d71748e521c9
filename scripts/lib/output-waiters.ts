/**
 * Waits on what a child process writes over time: each wait looks for something, now and again every time
 * the owner calls `changed()` (more output arrived, the process exited), until it is found, the wait fails
 * or it times out.
 */
export interface OutputWait<T> {
  /** What was waited for, or undefined while it has not appeared. */
  find(): T | undefined;
  /** An error once waiting is pointless (the process exited first), else undefined. Asked after `find`. */
  failed(): Error | undefined;
  timeoutMs: number;
  timedOut(): Error;
}

export class OutputWaiters {
  readonly #checks = new Set<() => void>();

  /** Looks again for everything being waited for. */
  changed(): void {
    for (const check of this.#checks) check();
  }

  waitFor<T>(wait: OutputWait<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const settle = (done: () => void) => {
        clearTimeout(timer);
        this.#checks.delete(check);
        done();
      };
      const check = () => {
        const found = wait.find();
        if (found !== undefined) return settle(() => resolve(found));
        const error = wait.failed();
        if (error) settle(() => reject(error));
      };
      const timer = setTimeout(() => settle(() => reject(wait.timedOut())), wait.timeoutMs);
      this.#checks.add(check);
      check();
    });
  }
}
