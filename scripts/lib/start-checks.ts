/**
 * The checks `npm start` runs before anything slow, each failing with a message that says what to do:
 * Node's version, the ports, the data folder, and which browser can be opened.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { findExecutable } from './find-executable.ts';

/** A problem the user can fix: printed as is, without a stack trace, and `npm start` exits with 1. */
export class StartProblem extends Error {
  override name = 'StartProblem';
}

export const NODE_MAJOR_NEEDED = 20;

export function checkNodeVersion(version = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major >= NODE_MAJOR_NEEDED) return;
  throw new StartProblem(
    [
      `Earshot needs Node ${NODE_MAJOR_NEEDED} or newer; this is Node ${version}.`,
      `Install Node ${NODE_MAJOR_NEEDED} or 22 (https://nodejs.org/, or \`nvm install ${NODE_MAJOR_NEEDED}\`), then run \`npm ci\` and \`npm start\` again.`,
    ].join('\n'),
  );
}

/** A port from an environment variable, or `fallback` when unset. */
export function readPortVariable(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new StartProblem(
    `${name} must be a port number from 1 to 65535, got "${value}". Example: ${name}=${fallback + 1} npm start`,
  );
}

/** Whether a TCP server can listen on 127.0.0.1:`port` right now. */
export function tcpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Socket inodes listening on TCP `port`, from /proc/net/tcp{,6} (Linux). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, st 0A is LISTEN, the inode is the tenth field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  } catch {
    return 'unknown';
  }
}

function parentPid(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid …"; the command may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process listening on a TCP port: from /proc on Linux (processes of this user), else from `lsof`.
 * Undefined when it cannot be told.
 */
export function portHolder(port: number): { pid: number; command: string } | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size > 0) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let fds: string[];
      try {
        fds = readdirSync(`/proc/${entry}/fd`);
      } catch {
        continue; // another user's process, or gone
      }
      for (const fd of fds) {
        let target = '';
        try {
          target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return { pid: Number(entry), command: commandLine(Number(entry)) };
      }
    }
    return undefined;
  }
  const lsof = findExecutable('lsof');
  if (!lsof) return undefined;
  const result = spawnSync(lsof, ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc'], {
    encoding: 'utf8',
    timeout: 3000,
  });
  const pid = Number(/^p(\d+)$/m.exec(result.stdout ?? '')?.[1]);
  if (!pid) return undefined;
  return { pid, command: /^c(.+)$/m.exec(result.stdout)?.[1] ?? 'unknown' };
}

async function nearbyFreePort(port: number, avoid: readonly number[]): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(port + 50, 65535); candidate++) {
    if (!avoid.includes(candidate) && (await tcpPortFree(candidate))) return candidate;
  }
  return undefined;
}

export interface PortNeed {
  port: number;
  /** What listens there, for the user: "the rooms service". */
  what: string;
  /** The environment variable that moves it: "PORT". */
  variable: string;
}

/** Fails with one message naming every busy port, who holds it when known, and free ports to use instead. */
export async function checkPortsFree(needs: readonly PortNeed[]): Promise<void> {
  const seen = new Map<number, PortNeed>();
  for (const need of needs) {
    const other = seen.get(need.port);
    if (other) {
      throw new StartProblem(
        `${other.variable} and ${need.variable} are both ${need.port}; ${other.what} and ${need.what} need a port each.`,
      );
    }
    seen.set(need.port, need);
  }

  const busy: string[] = [];
  const moves: string[] = [];
  let earlierStart: number | undefined;
  for (const need of needs) {
    if (await tcpPortFree(need.port)) continue;
    const holder = portHolder(need.port);
    let by = '';
    if (holder) {
      by = ` by ${holder.command.slice(0, 160)} (pid ${holder.pid})`;
      if (/scripts\/start\.ts/.test(holder.command)) earlierStart = holder.pid;
      // The rooms service (and LiveKit) run as children of that earlier start script.
      const parent = parentPid(holder.pid);
      if (parent && /scripts\/start\.ts/.test(commandLine(parent))) earlierStart = parent;
    }
    busy.push(`Port ${need.port} on 127.0.0.1, for ${need.what}, is already in use${by}.`);
    const free = await nearbyFreePort(
      need.port,
      needs.map((n) => n.port),
    );
    moves.push(`${need.variable}=${free ?? '<port>'}`);
  }
  if (busy.length === 0) return;
  const lines = [...busy];
  if (earlierStart !== undefined) {
    lines.push(
      `That is an earlier \`npm start\`: stop it with Ctrl-C in its terminal (or \`kill ${earlierStart}\`) and run \`npm start\` again,`,
      `or run this one beside it on other ports: ${moves.join(' ')} npm start`,
    );
  } else {
    lines.push(
      'Stop the program that uses it and run `npm start` again, or choose other ports:',
      `  ${moves.join(' ')} npm start`,
    );
  }
  throw new StartProblem(lines.join('\n'));
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims the PGlite folder for this process (a second process would corrupt it): a `<dir>.lock` folder
 * holding our pid, taken over when its owner is gone. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const lockDir = join(dirname(dataDir), `${basename(dataDir)}.lock`);
  mkdirSync(dirname(dataDir), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(lockDir);
      writeFileSync(join(lockDir, 'pid'), String(process.pid));
      return () => rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(lockDir, 'pid'), 'utf8'));
    } catch {
      // being written, or left half-made by a crash: treated as stale below
    }
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new StartProblem(
        [
          `The data folder ${dataDir} is in use by another \`npm start\` (pid ${owner}).`,
          `Stop that one (Ctrl-C in its terminal, or \`kill ${owner}\`), or give this one its own data: PGLITE_DIR=<folder> npm start`,
        ].join('\n'),
      );
    }
    rmSync(lockDir, { recursive: true, force: true });
  }
  throw new StartProblem(`Could not lock ${dataDir} (remove ${lockDir} if no \`npm start\` is running).`);
}

/** Whether a browser window can open here. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

export type BrowserChoice =
  | { kind: 'chromium'; path: string }
  /** Google Chrome (branded, 137 and later) ignores --load-extension: the user loads the extension by hand. */
  | { kind: 'chrome-only'; path: string }
  | { kind: 'none' };

/** Chromium (or CHROME_PATH) to open with the extension loaded. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): BrowserChoice {
  if (env.CHROME_PATH) return { kind: 'chromium', path: env.CHROME_PATH };
  const path = env.PATH ?? '';
  const chromium =
    ['chromium', 'chromium-browser'].map((name) => findExecutable(name, path)).find(Boolean) ??
    ['/Applications/Chromium.app/Contents/MacOS/Chromium'].find((candidate) => existsSync(candidate));
  if (chromium) return { kind: 'chromium', path: chromium };
  const chrome =
    ['google-chrome', 'google-chrome-stable'].map((name) => findExecutable(name, path)).find(Boolean) ??
    ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'].find((candidate) =>
      existsSync(candidate),
    );
  return chrome ? { kind: 'chrome-only', path: chrome } : { kind: 'none' };
}

/** The id Chromium gives an unpacked extension loaded from `dir` (an absolute path): from the path's SHA-256. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}
