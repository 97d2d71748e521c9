/** Stopping child processes reliably, and never leaving them behind when this process goes away. */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface StopChildOptions {
  /** Extra signals sent (once each, in order) while waiting, e.g. a second SIGTERM that forces a drain to end. */
  followUpSignals?: { afterMs: number; signal: NodeJS.Signals }[];
  /** SIGKILL after this long. */
  killAfterMs?: number;
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then the follow-up signals, then SIGKILL; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, options: StopChildOptions = {}): Promise<void> {
  if (hasExited(child)) return;
  const exited = waitForExit(child);
  const timers: NodeJS.Timeout[] = [];
  for (const { afterMs, signal } of options.followUpSignals ?? []) {
    timers.push(setTimeout(() => child.kill(signal), afterMs));
  }
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 5000));
  child.kill('SIGTERM');
  await exited;
  for (const timer of timers) clearTimeout(timer);
}

const watchdogScript = `
parent=$1; child=$2
while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
if kill -0 "$child" 2>/dev/null; then
  kill -TERM "$child" 2>/dev/null; sleep 1; kill -TERM "$child" 2>/dev/null; sleep 2; kill -KILL "$child" 2>/dev/null
fi
`;

/**
 * Makes sure `child` dies with this process: a synchronous SIGKILL on a normal exit, plus a tiny
 * detached `sh` watchdog for when this process is killed outright (SIGKILL, a crashed test worker),
 * which no in-process handler can see. Returns a function that removes the exit hook.
 */
export function killWithParent(child: ChildProcess): () => void {
  const onExit = () => {
    if (!hasExited(child)) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  if (child.pid !== undefined && process.platform !== 'win32') {
    const watchdog = spawn(
      '/bin/sh',
      ['-c', watchdogScript, 'watchdog', String(process.pid), String(child.pid)],
      {
        detached: true,
        stdio: 'ignore',
      },
    );
    watchdog.on('error', () => {}); // no sh: the exit hook alone still covers normal exits
    watchdog.unref();
  }
  return () => {
    process.off('exit', onExit);
  };
}

export interface LoggedChild {
  child: ChildProcess;
  /** What spawn reported when the child could not be started (no such binary, no permission). */
  readonly spawnError: Error | undefined;
  /** Removes the exit hook killWithParent set: for a caller that stops the child some other way. */
  releaseExitHook(): void;
  /** stopChild with the `stop` options, then `afterStop`; every call gets the same promise. */
  stop(): Promise<void>;
}

/**
 * Spawns a server whose stdout and stderr go to `logFile` (appended), tied to this process's life
 * (killWithParent), with one stop for everyone who asks.
 */
export function spawnLogged(
  command: string,
  args: string[],
  options: { logFile: string; stop?: StopChildOptions; afterStop?: () => Promise<void> },
): LoggedChild {
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const releaseExitHook = killWithParent(child);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    get spawnError() {
      return spawnError;
    },
    releaseExitHook,
    stop() {
      stopping ??= (async () => {
        await stopChild(child, options.stop);
        releaseExitHook();
        await options.afterStop?.();
      })();
      return stopping;
    },
  };
}
