/**
 * `npm start` when something a newcomer can hit is wrong: each fault is caused for real (a port taken by a
 * listening socket, no `go` on PATH, an unreachable Go module proxy, a broken extension source) and the
 * script must exit 1 with a message that says what to do, before any slow step and without a stack trace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findExecutable } from '../../scripts/lib/find-executable.ts';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { LIVEKIT_VERSION, liveKitReleaseUrl, livekitBinaryPath } from '../../scripts/lib/livekit-install.ts';
import { repoRoot } from '../../scripts/lib/repo-paths.ts';
import { checkNodeVersion, StartProblem } from '../../scripts/lib/start-checks.ts';
import { hasStackTrace, pathWithout, runStart } from './support/start-script.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'earshot-start-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
    cleanups.push(() => new Promise((done) => server.close(done)));
  });
}

/** Two free ports and a private data folder: nothing of the developer's own `npm start` is touched. */
async function isolated(): Promise<Record<string, string>> {
  const service = await freeTcpPort();
  let livekit = await freeTcpPort();
  while (livekit === service) livekit = await freeTcpPort();
  return {
    PORT: String(service),
    LIVEKIT_PORT: String(livekit),
    PGLITE_DIR: join(await tempDir(), 'pglite'),
  };
}

describe('npm start reports what to do', () => {
  it('when the rooms service port is taken: who holds it and a free port to use instead', async () => {
    const env = await isolated();
    await occupy(Number(env.PORT));
    const { code, output } = await runStart(env).exited;

    expect(code).toBe(1);
    expect(output).toContain(`Port ${env.PORT} on 127.0.0.1, for the rooms service, is already in use`);
    // This test process holds it, and the message names it.
    expect(output).toContain(`(pid ${process.pid})`);
    const suggested = Number(/PORT=(\d+) npm start/.exec(output)?.[1]);
    expect(suggested).toBeGreaterThan(Number(env.PORT));
    // The checks come first: no build, no LiveKit.
    expect(output).not.toMatch(/building the extension|starting LiveKit/);
    expect(hasStackTrace(output)).toBe(false);
  });

  it("when LiveKit's port is taken", async () => {
    const env = await isolated();
    await occupy(Number(env.LIVEKIT_PORT));
    const { code, output } = await runStart(env).exited;

    expect(code).toBe(1);
    expect(output).toContain(`Port ${env.LIVEKIT_PORT} on 127.0.0.1, for LiveKit, is already in use`);
    expect(output).toMatch(/LIVEKIT_PORT=\d+ npm start/);
    expect(output).not.toMatch(/PORT=\d+ LIVEKIT_PORT/); // only the busy one moves
    expect(hasStackTrace(output)).toBe(false);
  });

  it('when PORT is not a port number', async () => {
    const env = await isolated();
    const { code, output } = await runStart({ ...env, PORT: 'eighty' }).exited;
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a port number from 1 to 65535, got "eighty"');
    expect(hasStackTrace(output)).toBe(false);
  });

  it('when LiveKit is not installed and Go is not on PATH: the Go version, the exact command, the binary to download', async () => {
    const env = await isolated();
    const tools = await tempDir();
    const path = pathWithout('go');
    expect(findExecutable('go', path)).toBeUndefined();
    const { code, output } = await runStart({ ...env, EARSHOT_TOOLS_DIR: tools, PATH: path }).exited;

    expect(code).toBe(1);
    expect(output).toContain('`go` is not on PATH');
    expect(output).toContain('Install Go 1.26 or newer (https://go.dev/dl/)');
    expect(output).toContain(
      `GOBIN=${tools} go install github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_VERSION} && mv ${join(tools, 'server')} ${join(tools, 'livekit-server')}`,
    );
    const release = liveKitReleaseUrl();
    if (release) expect(output).toContain(`curl -fL ${release} | tar -xz -C ${tools} livekit-server`);
    expect(output).not.toContain('building the extension');
    expect(hasStackTrace(output)).toBe(false);
  });

  it.skipIf(!findExecutable('go'))(
    'when `go install` cannot reach the Go module proxy: what Go said, and the other ways',
    async () => {
      const env = await isolated();
      const tools = await tempDir();
      const modules = await tempDir();
      const closedPort = await freeTcpPort();
      const { code, output } = await runStart({
        ...env,
        EARSHOT_TOOLS_DIR: tools,
        GOPROXY: `http://127.0.0.1:${closedPort}`,
        GOMODCACHE: modules,
        GOTOOLCHAIN: 'local',
        GOFLAGS: '-mod=mod',
      }).exited;

      expect(code).toBe(1);
      expect(output).toContain(`Building the LiveKit server v${LIVEKIT_VERSION} with go version`);
      expect(output).toContain(`127.0.0.1:${closedPort}`); // Go's own error, quoted
      expect(output).toContain('the Go module proxy is reachable (go env GOPROXY)');
      const release = liveKitReleaseUrl();
      if (release) expect(output).toContain(release);
      expect(hasStackTrace(output)).toBe(false);
    },
  );

  it('when the extension does not build: the build error without stack frames, and what to run', async () => {
    // A copy of this working tree (tracked and new files, the same node_modules) with a broken entrypoint.
    const copy = await tempDir();
    execFileSync(
      'sh',
      [
        '-c',
        `git ls-files -z -c -o --exclude-standard | xargs -0 cp --parents -t "${copy}" 2>/dev/null; true`,
      ],
      { cwd: repoRoot },
    );
    await symlink(join(repoRoot, 'node_modules'), join(copy, 'node_modules'));
    await writeFile(
      join(copy, 'entrypoints', 'background.ts'),
      'export default defineBackground(() => { const = ; });\n',
    );
    const env = { ...(await isolated()), EARSHOT_TOOLS_DIR: dirname(livekitBinaryPath) };
    const { code, output } = await runStart(env, copy).exited;

    expect(code).toBe(1);
    expect(output).toContain('The extension build failed (wxt build, exit 1)');
    expect(output).toContain('Unexpected token');
    expect(output).toContain('run `npm ci`, then `npm start` again');
    expect(output).not.toContain('starting LiveKit');
    expect(hasStackTrace(output)).toBe(false);
  }, 300_000);

  it('when Node is older than 20 (the check itself: this machine runs one Node)', () => {
    expect(() => checkNodeVersion('18.20.4')).toThrow(StartProblem);
    expect(() => checkNodeVersion('18.20.4')).toThrow(/needs Node 20 or newer; this is Node 18\.20\.4/);
    expect(() => checkNodeVersion('20.0.0')).not.toThrow();
    expect(() => checkNodeVersion('22.11.0')).not.toThrow();
  });
});
