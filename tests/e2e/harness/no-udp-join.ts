/**
 * Run by tests/e2e/no-udp.e2e.test.ts as the first process of a network namespace it made
 * (scripts/lib/network-namespace.ts: only `lo`, an /etc/hosts naming rooms.earshot.test and
 * lk.earshot.test): deploy/ as the deploy e2e runs it (nginx on 443, TLS from a local CA, the service in
 * production mode on Postgres, LiveKit on the rendered config with ICE/TCP and its embedded TURN/TLS on),
 * a demo bot speaking in a room, and Chromium with the extension run as `nobody`, whose every UDP packet the
 * firewall drops (and, with `--force-relay`, its TCP to LiveKit's ICE/TCP port too). The browser chooses
 * the server on the first-run screen and joins the bot's room from the popup; this prints one line,
 * `RESULT <json>`: whether audio arrived, the engine's selected ICE candidate pair, and the packets dropped.
 *
 *   unshare … npx tsx tests/e2e/harness/no-udp-join.ts <work dir> <extension dir> [--force-relay]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type DeployTopology, startDeployTopology } from '../../../scripts/lib/deploy-topology';
import {
  blockUdp,
  droppedPackets,
  insideFreshNetworkNamespace,
} from '../../../scripts/lib/network-namespace';
import type { ExtensionBrowser } from './browser';
import { chooseDefaultServer } from './choose-server';
import { engineStats, waitForAudio } from './engine-probe';
import { message } from './locale';
import { type BotProcess, startBot } from './stack';
import { BROWSER_UID, launchUnprivilegedBrowser } from './unprivileged-browser';

const t = (key: string, ...subs: Array<string | number>) => message('en', key, ...subs);
const ROOM_TITLE = 'No UDP room';
/** LiveKit's media address and its TURN/TLS listener (port 443), on the namespace's veth. */
export const NODE_IP = '10.77.0.2';
export const TURN_HOST = 'turn.earshot.test';

/** The system CA bundle plus the local CA, for the bot's @livekit/rtc-node (it reads SSL_CERT_FILE only). */
async function caBundle(dir: string, caFile: string): Promise<string> {
  const system = await readFile('/etc/ssl/certs/ca-certificates.crt', 'utf8').catch(() => '');
  const file = path.join(dir, 'ca-bundle.pem');
  await writeFile(file, `${system}\n${await readFile(caFile, 'utf8')}`);
  return file;
}

async function joinAndListen(browser: ExtensionBrowser, roomId: string) {
  const popup = await browser.openPage('popup.html');
  await chooseDefaultServer(browser, popup, 'https://rooms.earshot.test');
  const row = popup.locator(`[data-room-id="${roomId}"]`);
  await row.waitFor({ timeout: 20_000 });
  await row.getByRole('button', { name: t('joinRoomAria', ROOM_TITLE) }).click();
  const heard = await waitForAudio(browser, { timeoutMs: 30_000, minLevel: 0.02 }).catch(
    async (error: Error) => {
      const status = await popup
        .locator('.now-playing')
        .getAttribute('data-status')
        .catch(() => null);
      const notice = await popup
        .locator('.notice')
        .allTextContents()
        .catch(() => []);
      if (process.env.NO_UDP_PAUSE_MS)
        await new Promise((r) => setTimeout(r, Number(process.env.NO_UDP_PAUSE_MS)));
      throw new Error(`${error.message}; popup status ${status}; notice ${JSON.stringify(notice)}`);
    },
  );
  // The path the audio took, once ICE has settled on it.
  const stats = await engineStats(browser);
  return {
    heard: heard.after,
    icePath: stats?.icePath ?? null,
    status: await popup.locator('.now-playing').getAttribute('data-status'),
  };
}

async function main(): Promise<void> {
  const [dir, extensionDir] = process.argv.slice(2);
  const forceRelay = process.argv.includes('--force-relay');
  if (!dir || !extensionDir)
    throw new Error('usage: no-udp-join.ts <work dir> <extension dir> [--force-relay]');
  if (!(await insideFreshNetworkNamespace()))
    throw new Error('not inside a fresh network namespace: refusing to start');
  let topology: DeployTopology | undefined;
  let bot: BotProcess | undefined;
  let browser: ExtensionBrowser | undefined;
  try {
    // LiveKit's media address is the namespace's veth address, as a server's public IP would be (Chromium
    // does not try ICE/TCP to a loopback candidate from a non-loopback interface).
    topology = await startDeployTopology(dir, {
      httpsPort: 443,
      nodeIp: NODE_IP,
      turn: { host: TURN_HOST, bindAddress: NODE_IP, allowPeerCidrs: ['10.77.0.0/24'] },
    });
    const { ICE_TCP_PORT } = topology.values;
    await blockUdp({ uid: BROWSER_UID, tcpPorts: forceRelay ? [ICE_TCP_PORT] : [] });
    process.env.NODE_EXTRA_CA_CERTS = topology.certificates.caFile;
    process.env.SSL_CERT_FILE = await caBundle(dir, topology.certificates.caFile);
    bot = await startBot(topology.serviceOrigin, ['--title', ROOM_TITLE, '--name', 'Bot']);
    browser = await launchUnprivilegedBrowser({ extensionDir, caFile: topology.certificates.caFile });
    const listened = await joinAndListen(browser, bot.roomId);
    const result = {
      ...listened,
      dropped: await droppedPackets(),
      iceTcpPort: ICE_TCP_PORT,
      turnTlsPort: 443,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await browser?.close();
    await bot?.stop();
    await topology?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
