/** Builds the pinned LiveKit server with `go install` into the git-ignored .tools/bin, once. */
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { withFileLock } from './file-lock.ts';
import { toolsBinDir } from './repo-paths.ts';
import { runCommand } from './run-command.ts';

/**
 * Pinned LiveKit server version. v1.13.5 is the newest release that `go install` accepts:
 * v1.13.6 to v1.13.11 carry `replace` directives (forks of pion/webrtc, dtls and ice) in their
 * go.mod, and `go install module@version` refuses modules with replace directives.
 */
export const LIVEKIT_VERSION = '1.13.5';
const LIVEKIT_MODULE = 'github.com/livekit/livekit-server/cmd/server';

export const livekitBinaryPath = join(toolsBinDir, 'livekit-server');

/** The version the binary reports (`livekit-server version 1.13.5`), or undefined if absent or broken. */
export async function installedLiveKitVersion(binary = livekitBinaryPath): Promise<string | undefined> {
  try {
    const result = await runCommand(binary, ['--version']);
    return /version\s+v?(\S+)/.exec(result.stdout + result.stderr)?.[1];
  } catch {
    return undefined;
  }
}

function log(line: string): void {
  process.stderr.write(`[livekit] ${line}\n`);
}

async function goVersion(): Promise<string> {
  try {
    const result = await runCommand('go', ['version']);
    if (result.code === 0) return result.stdout.trim();
  } catch {
    // handled below
  }
  throw new Error(
    [
      'Go is needed once to build the LiveKit server, and `go` was not found on PATH.',
      `Install Go 1.26 or newer (https://go.dev/dl/), then run: npx tsx scripts/livekit.ts install`,
      `Or put a livekit-server v${LIVEKIT_VERSION} binary at ${livekitBinaryPath}.`,
    ].join('\n'),
  );
}

/**
 * Installs the pinned LiveKit server unless the right version is already there; returns the binary
 * path. Concurrent callers (parallel test files, several scripts) wait for a single build.
 */
export async function installLiveKit(): Promise<string> {
  if ((await installedLiveKitVersion()) === LIVEKIT_VERSION) return livekitBinaryPath;
  await mkdir(toolsBinDir, { recursive: true });
  return withFileLock(
    join(toolsBinDir, '.install-lock'),
    async () => {
      // Someone else may have finished the install while we waited.
      if ((await installedLiveKitVersion()) === LIVEKIT_VERSION) return livekitBinaryPath;
      return build();
    },
    () => log('another process is installing the LiveKit server; waiting for it'),
  );
}

async function build(): Promise<string> {
  log(`installing LiveKit server v${LIVEKIT_VERSION} into ${livekitBinaryPath}`);
  log(`using ${await goVersion()}; the first build takes a few minutes`);

  // A private GOBIN: `go install` names the binary `server`; it is renamed once complete.
  const gobin = join(toolsBinDir, `.go-install-${process.pid}-${Date.now()}`);
  await mkdir(gobin, { recursive: true });
  const startedAt = Date.now();
  const heartbeat = setInterval(() => {
    log(`still building LiveKit server (${Math.round((Date.now() - startedAt) / 1000)} s)…`);
  }, 20_000);
  try {
    const result = await runCommand('go', ['install', `${LIVEKIT_MODULE}@v${LIVEKIT_VERSION}`], {
      env: { ...process.env, GOBIN: gobin },
    });
    if (result.code !== 0) {
      const tail = result.stderr.trim().split('\n').slice(-20).join('\n');
      throw new Error(
        [
          `go install ${LIVEKIT_MODULE}@v${LIVEKIT_VERSION} failed (exit ${result.code ?? result.signal}):`,
          tail,
          'Check that the Go module proxy is reachable (GOPROXY) and that Go is 1.26 or newer,',
          'then run again: npx tsx scripts/livekit.ts install',
        ].join('\n'),
      );
    }
    await rename(join(gobin, 'server'), livekitBinaryPath);
  } finally {
    clearInterval(heartbeat);
    await rm(gobin, { recursive: true, force: true });
  }

  const version = await installedLiveKitVersion();
  if (version !== LIVEKIT_VERSION) {
    throw new Error(`Built ${livekitBinaryPath} but it reports version ${version ?? 'nothing'}`);
  }
  log(`installed LiveKit server v${version} in ${Math.round((Date.now() - startedAt) / 1000)} s`);
  return livekitBinaryPath;
}
