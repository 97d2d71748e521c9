/**
 * Starts a loopback-only, memory-only Redis (Debian's `redis-server`) on a free port: what the nodes of
 * a LiveKit cluster share to find each other and the rooms. Nothing is written to disk.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { hasExited, spawnLogged } from './child-lifecycle.ts';
import { findExecutable } from './find-executable.ts';
import { freeTcpPort } from './free-port.ts';
import { scratchDir } from './repo-paths.ts';

export interface RedisHandle {
  /** host:port, as LiveKit's `redis.address` wants it. */
  address: string;
  port: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** A free one when omitted. */
  port?: number;
  /** How long to wait for PONG. Default 10 s. */
  readyTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends PING over a fresh connection; true when Redis answers PONG. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function redisBinary(): string {
  const binary = findExecutable('redis-server');
  if (!binary) {
    throw new Error(
      'redis-server not found: install it (Debian: apt-get install -y redis-server; .ci/run does it)',
    );
  }
  return binary;
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisHandle> {
  const binary = redisBinary();
  const port = options.port ?? (await freeTcpPort());
  await mkdir(scratchDir, { recursive: true });
  const workDir = await mkdtemp(join(scratchDir, `redis-${port}-`));
  const logFile = join(workDir, 'redis.log');

  // --save '' and --appendonly no: nothing on disk; --dir keeps any stray file in the scratch folder.
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  const server = spawnLogged(binary, [...args, '--dir', workDir], {
    logFile,
    stop: { killAfterMs: 3000 },
    afterStop: () => rm(workDir, { recursive: true, force: true }),
  });
  const { child, stop } = server;

  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (!(await answersPing(port))) {
    if (server.spawnError || hasExited(child) || Date.now() > deadline) {
      const log = await readFile(logFile, 'utf8').catch(() => '(no log output)');
      await stop();
      throw new Error(
        `redis-server ${server.spawnError ? `could not be started (${server.spawnError.message})` : 'did not answer PING'} on port ${port}\n${log.trim().split('\n').slice(-20).join('\n')}`,
      );
    }
    await sleep(50);
  }
  return { address: `127.0.0.1:${port}`, port, logFile, stop };
}

/** Sends one command and reads one reply: a bulk or simple string, an integer as text, or null. */
export function redisCommand(port: number, ...args: string[]): Promise<string | null> {
  const request = `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = Buffer.alloc(0);
    socket.setTimeout(2000, () => socket.destroy(new Error(`redis ${args[0]} timed out`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write(request));
    socket.on('data', (data) => {
      reply = Buffer.concat([reply, data]);
      const text = reply.toString();
      const firstLine = text.indexOf('\r\n');
      if (firstLine < 0) return;
      const head = text.slice(0, firstLine);
      if (head[0] === '-') return finish(() => reject(new Error(`redis: ${head.slice(1)}`)));
      if (head[0] !== '$') return finish(() => resolve(head.slice(1)));
      const length = Number(head.slice(1));
      if (length < 0) return finish(() => resolve(null));
      const body = reply.subarray(Buffer.byteLength(head) + 2);
      if (body.length >= length + 2) finish(() => resolve(body.subarray(0, length).toString()));
    });
    function finish(settle: () => void) {
      socket.destroy();
      settle();
    }
  });
}
