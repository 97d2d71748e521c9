/** Stopping child processes reliably, and never leaving them behind when this process goes away. */
import { type ChildProcess, spawn } from 'node:child_process';

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
