/**
 * Networks that block UDP (issue 12, item 4). In a network namespace this test makes (`unshare`: only lo and
 * a veth pair, its own /etc/hosts), deploy/ runs as in the deploy e2e (nginx with TLS from a local CA, the
 * service in production mode on Postgres, LiveKit with ICE/TCP and its embedded TURN/TLS) and Chromium runs
 * as `nobody`, whose every UDP packet nftables drops. A demo bot speaks in a room; the browser chooses the
 * server on the first-run screen and joins from the popup. The engine's selected ICE candidate pair says
 * what carried the audio:
 * - UDP blocked: ICE over TCP to LiveKit's `rtc.tcp_port`;
 * - UDP and that TCP port blocked: TURN over TLS (a relay candidate reached over `tls`, port 443).
 * All of it happens inside tests/e2e/harness/no-udp-join.ts, run as the namespace's first process (a
 * process cannot move itself into a namespace); it prints its measurements and this file checks them.
 */
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';
import { spawnInNetworkNamespace, writeHostsFile } from '../../scripts/lib/network-namespace';
import type { EngineStats, IcePath } from '../../utils/protocol/session-state';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3-no-udp-test');
const WORK_DIR = path.resolve('.tmp/e2e/no-udp');
const HOSTS_FILE = path.resolve('.tmp/e2e/no-udp-hosts');

interface NoUdpResult {
  heard: EngineStats;
  icePath: IcePath | null;
  status: string | null;
  dropped: Record<string, number>;
  iceTcpPort: number;
  turnTlsPort: number;
}

beforeAll(async () => {
  await promisify(execFile)('npx', ['wxt', 'build', '--mode', 'no-udp-test'], {
    env: { ...process.env, NODE_ENV: 'production', WXT_SERVICE_URL: 'https://rooms.earshot.test' },
  });
  await mkdir(WORK_DIR, { recursive: true });
  // rooms and lk go to nginx on 127.0.0.1:443; turn to LiveKit's TURN/TLS listener on the veth address.
  await writeHostsFile(HOSTS_FILE, ['rooms.earshot.test', 'lk.earshot.test'], {
    '10.77.0.2': ['turn.earshot.test'],
  });
}, 120_000);

function joinWithoutUdp(extra: string[]): Promise<NoUdpResult> {
  return new Promise((resolve, reject) => {
    const child = spawnInNetworkNamespace(
      process.execPath,
      ['--import', 'tsx', 'tests/e2e/harness/no-udp-join.ts', WORK_DIR, EXTENSION_DIR, ...extra],
      { hostsFile: HOSTS_FILE },
    );
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)));
      else reject(new Error(`no-udp-join exited ${code}:\n${output.slice(-6000)}`));
    });
  });
}

it('with UDP blocked, Join plays audio over ICE/TCP or TURN/TLS, and says which', async () => {
  const result = await joinWithoutUdp([]);
  console.log(
    `no UDP: audio carried by ${JSON.stringify(result.icePath)}; UDP packets dropped ${result.dropped.udp}`,
  );
  expect(result.status).toBe('connected');
  expect(result.heard.remoteAudioTracks).toBe(1);
  expect(result.heard.bytesReceived).toBeGreaterThan(0);
  expect(result.dropped.udp).toBeGreaterThan(0);
  // Both paths are offered; ICE picks whichever pair checks out first (ICE/TCP to LiveKit's TCP port, or the
  // TURN/TLS relay). Either carries the audio without UDP; the next test forces the relay.
  if (result.icePath?.localCandidateType === 'relay') {
    expect(result.icePath).toMatchObject({ relayProtocol: 'tls' });
  } else {
    expect(result.icePath).toMatchObject({
      protocol: 'tcp',
      remoteCandidateType: 'host',
      remotePort: result.iceTcpPort,
    });
  }
}, 180_000);

it('with UDP and ICE/TCP blocked, Join plays audio over TURN/TLS', async () => {
  const result = await joinWithoutUdp(['--force-relay']);
  console.log(
    `no UDP, no ICE/TCP: audio carried by ${JSON.stringify(result.icePath)}; dropped ${JSON.stringify(result.dropped)}`,
  );
  expect(result.status).toBe('connected');
  expect(result.heard.remoteAudioTracks).toBe(1);
  expect(result.heard.bytesReceived).toBeGreaterThan(0);
  expect(result.dropped.udp).toBeGreaterThan(0);
  expect(result.icePath).toMatchObject({ localCandidateType: 'relay', relayProtocol: 'tls' });
}, 180_000);
