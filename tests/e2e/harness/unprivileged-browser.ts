/**
 * Chromium with an extension build, run as another user (`nobody`) so a firewall can single out the
 * browser's own sockets (nftables `meta skuid`) and leave the servers on the same machine alone. Names
 * resolve through the system (/etc/hosts), with no --host-resolver-rules; the local CA is trusted the way
 * Chromium on Linux trusts a user CA, from `$HOME/.pki/nssdb`.
 */
import { execFile } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { trustInNssDb } from '../../../scripts/lib/local-ca';
import { CHROMIUM, type ExtensionBrowser, launchChromiumWithExtension } from './browser';

const run = promisify(execFile);

/** The user the browser runs as (Debian's `nobody`). */
export const BROWSER_UID = 65534;

export async function launchUnprivilegedBrowser(options: {
  extensionDir: string;
  caFile: string;
  uid?: number;
}): Promise<ExtensionBrowser> {
  const uid = options.uid ?? BROWSER_UID;
  const home = await mkdtemp(path.join(tmpdir(), 'earshot-nobody-'));
  await trustInNssDb(home, options.caFile);
  const userDataDir = path.join(home, 'profile');
  await mkdir(userDataDir);
  // The wrapper Playwright starts: the same Chromium, as `uid`, keeping the pipe Playwright drives it through.
  const wrapper = path.join(home, 'chromium-as-user.sh');
  await writeFile(
    wrapper,
    `#!/bin/sh\nexec setpriv --reuid=${uid} --regid=${uid} --clear-groups -- ${CHROMIUM} "$@"\n`,
  );
  await chmod(wrapper, 0o755);
  // A copy `uid` can read: the checkout may sit under a folder only its owner can enter (a `mktemp -d` clone).
  const extensionDir = path.join(home, 'extension');
  await cp(options.extensionDir, extensionDir, { recursive: true });
  await run('chown', ['-R', `${uid}:${uid}`, home]);
  return launchChromiumWithExtension({
    extensionDir,
    userDataDir,
    executablePath: wrapper,
    env: { ...process.env, HOME: home },
    cleanUp: () => rm(home, { recursive: true, force: true }),
  });
}
