/**
 * Chromium with an extension build, as a user of a deployed server would run it: the server's names
 * resolved by `--host-resolver-rules` (to the local proxy; every other name unresolvable) and its CA
 * trusted the way Chromium on Linux trusts a user CA, from `$HOME/.pki/nssdb` (no
 * --ignore-certificate-errors).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trustInNssDb } from '../../../scripts/lib/local-ca';
import { type ExtensionBrowser, launchChromiumWithExtension } from './browser';

export async function launchDeployBrowser(options: {
  extensionDir: string;
  caFile: string;
  hostResolverRules: string;
  fakeAudioFile?: string;
}): Promise<ExtensionBrowser> {
  const home = await mkdtemp(path.join(tmpdir(), 'earshot-home-'));
  await trustInNssDb(home, options.caFile);
  return launchChromiumWithExtension({
    extensionDir: options.extensionDir,
    userDataDir: path.join(home, 'profile'),
    fakeAudioFile: options.fakeAudioFile,
    env: { ...process.env, HOME: home },
    extraArgs: [`--host-resolver-rules=${options.hostResolverRules}`],
    cleanUp: () => rm(home, { recursive: true, force: true }),
  });
}
