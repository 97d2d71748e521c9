/**
 * Headless LiveKit listeners for the load test: one process of the Go program in ./load-listener
 * (LiveKit's Go SDK on pion, as LiveKit's own load tester uses), built into .tools/bin on first use.
 * Each listener connects with a token from the rooms service, subscribes to the room's audio and
 * counts the RTP it receives without decoding it.
 *
 * Why not @livekit/rtc-node: it decodes and mixes every subscribed track (its audio device pulls
 * them every 10 ms), about 1 % of a core per listener here, so 100 of them took more than one of this
 * machine's two cores by themselves and starved what the test measures; under other jobs' load their
 * own connections timed out. The Go listeners cost a few % of a core for all of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { hasExited, killWithParent, stopChild } from '../../../scripts/lib/child-lifecycle';
import { findExecutable } from '../../../scripts/lib/find-executable';
import { repoRoot, toolsBinDir } from '../../../scripts/lib/repo-paths';
import { runCommand } from '../../../scripts/lib/run-command';

const SOURCE_DIR = path.join(repoRoot, 'tests/e2e/harness/load-listener');
const BINARY = path.join(toolsBinDir, 'earshot-load-listener');

export interface ListenerTraffic {
  index: number;
  connected: boolean;
  /** The counts could be read (the listener is connected). */
  read: boolean;
  /** Audio RTP received so far (bytes of the packets as they arrived, and packets). */
  bytesReceived: number;
  packetsReceived: number;
  /** When these were read (Date.now()). */
  at: number;
}

type Reply =
  | { type: 'ready' }
  | { type: 'connected'; index: number; connectMs: number; subscribedMs: number }
  | { type: 'failed'; index: number; error: string }
  | { type: 'dropped'; index: number }
  | { type: 'stats'; listeners: ListenerTraffic[] }
  | { type: 'left' };

export interface ConnectResult {
  index: number;
  ok: boolean;
  /** The LiveKit connection was up (signalling joined, media transport connected). */
  connectMs?: number;
  /** From the same start to the room's audio track subscribed. */
  subscribedMs?: number;
  error?: string;
}

export interface ListenerPool {
  /** The listener process's pid (for CPU and memory). */
  pids: number[];
  /** Listeners LiveKit disconnected without being asked. */
  dropped: Set<number>;
  /** Connects listener `index` and resolves once it is subscribed to the room's audio (or failed). */
  connect(index: number, url: string, token: string): Promise<ConnectResult>;
  /** Inbound audio of every listener so far. */
  traffic(): Promise<ListenerTraffic[]>;
  /** Every listener leaves the room. */
  leave(): Promise<void>;
  stop(): Promise<void>;
}

function newestChange(dir: string, files: string[]): number {
  return Math.max(...files.map((file) => statSync(path.join(dir, file)).mtimeMs));
}

/** Builds the listener program unless the binary is newer than its sources. */
export async function buildListener(): Promise<string> {
  const sources = ['main.go', 'go.mod', 'go.sum'];
  let built = 0;
  try {
    built = statSync(BINARY).mtimeMs;
  } catch {
    // not built yet
  }
  if (built > newestChange(SOURCE_DIR, sources)) return BINARY;
  if (!findExecutable('go')) {
    throw new Error(
      'The load test builds its headless listeners with Go (as the LiveKit install does), and `go` is not on ' +
        `PATH. Install Go 1.26 or newer, or build by hand: cd ${SOURCE_DIR} && go build -o ${BINARY} .`,
    );
  }
  // Built aside and renamed into place, so a run starting meanwhile never sees half a binary.
  const partial = `${BINARY}.${process.pid}.partial`;
  const result = await runCommand('go', ['build', '-o', partial, '.'], { cwd: SOURCE_DIR });
  if (result.code !== 0) throw new Error(`go build of ${SOURCE_DIR} failed:\n${result.stderr}`);
  renameSync(partial, BINARY);
  return BINARY;
}

export async function startListenerPool(): Promise<ListenerPool> {
  const binary = await buildListener();
  const child: ChildProcess = spawn(binary, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const release = killWithParent(child);
  const pending = new Map<number, (result: ConnectResult) => void>();
  const dropped = new Set<number>();
  // Replies to stats and leave come in the order they were asked.
  const answers: Array<(reply: Reply | Error) => void> = [];
  let exited: Error | undefined;

  child.once('exit', (code, signal) => {
    exited = new Error(`the load listener process exited (${code ?? signal})`);
    for (const [index, resolve] of pending) resolve({ index, ok: false, error: exited.message });
    pending.clear();
    for (const answer of answers.splice(0)) answer(exited);
  });
  const ready = new Promise<void>((resolve, reject) => {
    answers.push((reply) => (reply instanceof Error ? reject(reply) : resolve()));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      return; // not ours
    }
    if (reply.type === 'connected' || reply.type === 'failed') {
      pending.get(reply.index)?.(
        reply.type === 'connected'
          ? { index: reply.index, ok: true, connectMs: reply.connectMs, subscribedMs: reply.subscribedMs }
          : { index: reply.index, ok: false, error: reply.error },
      );
      pending.delete(reply.index);
    } else if (reply.type === 'dropped') dropped.add(reply.index);
    else answers.shift()?.(reply);
  });
  const stop = async () => {
    child.stdin?.end();
    await stopChild(child, { killAfterMs: 5000 });
    release();
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }

  const send = (command: object) => child.stdin!.write(`${JSON.stringify(command)}\n`);
  const ask = <T extends Reply['type']>(command: object, type: T) =>
    new Promise<Extract<Reply, { type: T }>>((resolve, reject) => {
      if (exited || hasExited(child))
        return reject(exited ?? new Error('the load listener process has exited'));
      answers.push((reply) => {
        if (reply instanceof Error) reject(reply);
        else if (reply.type === type) resolve(reply as Extract<Reply, { type: T }>);
        else reject(new Error(`expected a ${type} reply, got ${reply.type}`));
      });
      send(command);
    });

  return {
    pids: [child.pid!],
    dropped,
    connect(index, url, token) {
      return new Promise((resolve) => {
        if (exited) return resolve({ index, ok: false, error: exited.message });
        pending.set(index, resolve);
        send({ type: 'connect', index, url, token });
      });
    },
    async traffic() {
      return (await ask({ type: 'stats' }, 'stats')).listeners;
    },
    async leave() {
      await ask({ type: 'leave' }, 'left');
    },
    stop,
  };
}
