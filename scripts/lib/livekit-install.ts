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

/** The Go release the pinned server's go.mod asks for (`go 1.26`). */
export const GO_VERSION_NEEDED = '1.26';

/** The release archive of the pinned server for this machine, when LiveKit publishes one (Linux only). */
export function liveKitReleaseUrl(platform = process.platform, arch = process.arch): string | undefined {
  const goArch = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : undefined;
  if (platform !== 'linux' || !goArch) return undefined;
  return `https://github.com/livekit/livekit/releases/download/v${LIVEKIT_VERSION}/livekit_${LIVEKIT_VERSION}_linux_${goArch}.tar.gz`;
}

/** What to do when the server cannot be built here: the exact commands, with Go and without. */
export function liveKitInstallHelp(): string {
  const release = liveKitReleaseUrl();
  const lines = [
    'Do one of these, then run the same command again:',
    `  - Install Go ${GO_VERSION_NEEDED} or newer (https://go.dev/dl/) so that \`go version\` works, and check that`,
    '    the Go module proxy is reachable (go env GOPROXY). The build runs once, by itself. By hand it is:',
    `      GOBIN=${toolsBinDir} go install ${LIVEKIT_MODULE}@v${LIVEKIT_VERSION} && mv ${join(toolsBinDir, 'server')} ${livekitBinaryPath}`,
  ];
  if (release) {
    lines.push(
      `  - Or download LiveKit's release binary v${LIVEKIT_VERSION} (no Go needed):`,
      `      mkdir -p ${toolsBinDir} && curl -fL ${release} | tar -xz -C ${toolsBinDir} livekit-server`,
    );
  } else {
    lines.push(
      `  - Or put a livekit-server v${LIVEKIT_VERSION} binary you built elsewhere at ${livekitBinaryPath}`,
    );
  }
  lines.push(
    '  (EARSHOT_TOOLS_DIR=<folder> makes every script look for livekit-server in that folder instead.)',
  );
  return lines.join('\n');
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
      `The LiveKit server v${LIVEKIT_VERSION} is not installed yet (${livekitBinaryPath}), and Go, needed once`,
      'to build it, was not found: `go` is not on PATH.',
      liveKitInstallHelp(),
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
  const go = await goVersion();
  log(`using ${go}; the first build takes one to a few minutes`);

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
      const tail = result.stderr.trim().split('\n').slice(-12).join('\n');
      throw new Error(
        [
          `Building the LiveKit server v${LIVEKIT_VERSION} with ${go} failed (go install exit ${result.code ?? result.signal}):`,
          ...tail.split('\n').map((line) => `  | ${line}`),
          liveKitInstallHelp(),
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
