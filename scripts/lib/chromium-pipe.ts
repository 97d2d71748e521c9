/**
 * A minimal DevTools connection over `--remote-debugging-pipe` (fd 3 into Chromium, fd 4 out of it; JSON
 * messages ended by NUL). No port is opened: only the process that started Chromium can talk to it.
 * `npm start` uses it to open the extension's popup in a tab once the extension is loaded: a
 * chrome-extension:// URL given on the command line is blocked when the browser gets to it first.
 */
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** The stdio to spawn Chromium with so that `child.stdio[3]` and `[4]` are the pipe. */
export const PIPE_STDIO = ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] as const;

interface TargetInfo {
  type: string;
  url: string;
}

/**
 * Opens `url` in a new tab once a service worker of the extension `extensionId` runs. Resolves true when
 * the tab was opened, false when the worker did not show up within `timeoutMs` or the pipe closed.
 */
export function openWhenExtensionReady(
  child: ChildProcess,
  extensionId: string,
  url: string,
  timeoutMs = 30_000,
): Promise<boolean> {
  const input = child.stdio[3] as Writable | null;
  const output = child.stdio[4] as Readable | null;
  if (!input || !output) return Promise.resolve(false);
  input.on('error', () => {}); // Chromium gone: the close handler below answers
  let nextId = 1;
  const send = (method: string, params: object) => {
    if (!input.destroyed) input.write(`${JSON.stringify({ id: nextId++, method, params })}\0`);
  };

  return new Promise((resolve) => {
    let buffered = '';
    let done = false;
    const finish = (opened: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      output.off('data', onData);
      // Keep the pipe open: Chromium ends its session when the pipe closes.
      output.resume();
      resolve(opened);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let end = buffered.indexOf('\0');
      while (end >= 0) {
        const raw = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        end = buffered.indexOf('\0');
        let message: { method?: string; params?: { targetInfo?: TargetInfo } };
        try {
          message = JSON.parse(raw);
        } catch {
          continue;
        }
        const target = message.params?.targetInfo;
        if (
          (message.method === 'Target.targetCreated' || message.method === 'Target.targetInfoChanged') &&
          target?.type === 'service_worker' &&
          target.url.startsWith(`chrome-extension://${extensionId}/`)
        ) {
          send('Target.createTarget', { url });
          finish(true);
          return;
        }
      }
    };
    output.on('data', onData);
    output.once('close', () => finish(false));
    child.once('exit', () => finish(false));
    send('Target.setDiscoverTargets', { discover: true });
  });
}
