/**
 * A private network for one test run: a new network namespace (`lo` and a veth pair, no way out) with its own
 * /etc/hosts (a private mount namespace bind-mounts it), so deployed names resolve to 127.0.0.1 with no
 * browser resolver override, and firewall rules (nftables) that affect nothing outside it. Root only
 * (`unshare`, `mount`, `nft`). Everything started inside dies with the namespace's first process.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Starts `command args` as the first process of a new network and mount namespace. `hostsFile` replaces
 * /etc/hosts inside it only.
 */
export function spawnInNetworkNamespace(
  command: string,
  args: string[],
  options: { hostsFile: string; env?: NodeJS.ProcessEnv },
): ChildProcess {
  const setup = [
    'ip link set lo up',
    // WebRTC ignores loopback interfaces when it gathers candidates: a veth pair (both ends inside) gives
    // it a network to gather on. Local addresses are still delivered through lo.
    'ip link add earshot-a type veth peer name earshot-b',
    'ip addr add 10.77.0.1/24 dev earshot-a',
    'ip addr add 10.77.0.2/24 dev earshot-b',
    'ip link set earshot-a up',
    'ip link set earshot-b up',
    'mount --bind "$0" /etc/hosts',
    'exec "$@"',
  ].join(' && ');
  return spawn(
    'unshare',
    [
      '--net',
      '--mount',
      '--propagation',
      'private',
      '--',
      'sh',
      '-c',
      setup,
      options.hostsFile,
      command,
      ...args,
    ],
    { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** An /etc/hosts mapping `names` to 127.0.0.1 (with localhost), and `more` names to other addresses. */
export async function writeHostsFile(
  file: string,
  names: string[],
  more: Record<string, string[]> = {},
): Promise<void> {
  const lines = [
    `127.0.0.1 localhost ${names.join(' ')}`,
    '::1 localhost',
    ...Object.entries(more).map(([address, hosts]) => `${address} ${hosts.join(' ')}`),
  ];
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** True inside a namespace this module made (lo and its veth pair, nothing else). */
export async function insideFreshNetworkNamespace(): Promise<boolean> {
  const { stdout } = await run('ip', ['-o', 'link', 'show']);
  const names = stdout
    .trim()
    .split('\n')
    .map((line) => line.split(':')[1]?.trim().split('@')[0]);
  return names.sort().join(' ') === 'earshot-a earshot-b lo';
}

export interface UdpBlock {
  /** Every socket of this user: no UDP can leave it (so no UDP ICE check, STUN or TURN/UDP succeeds). */
  uid: number;
  /** TCP ports this user cannot connect to either (e.g. LiveKit's ICE/TCP port, to force TURN). */
  tcpPorts?: number[];
}

const TABLE = 'earshot_no_udp';

/**
 * Drops, at the output hook, every UDP packet sent by `uid`'s sockets (and TCP to `tcpPorts`), each rule
 * with a counter. Other users' traffic (LiveKit, its TURN relay, the rooms service) is untouched: the
 * network that blocks UDP is the browser's, not the server's.
 */
export async function blockUdp({ uid, tcpPorts = [] }: UdpBlock): Promise<void> {
  const rules = [
    `table inet ${TABLE} {`,
    '  chain output {',
    '    type filter hook output priority 0; policy accept;',
    `    meta skuid ${uid} meta l4proto udp counter drop comment "udp"`,
    ...tcpPorts.map((port) => `    meta skuid ${uid} tcp dport ${port} counter drop comment "tcp-${port}"`),
    '  }',
    '}',
  ];
  await new Promise<void>((resolve, reject) => {
    const child = execFile('nft', ['-f', '-'], (error) => (error ? reject(error) : resolve()));
    child.stdin?.end(`${rules.join('\n')}\n`);
  });
}

/** Packets each rule of `blockUdp` dropped so far, by its comment (`udp`, `tcp-<port>`). */
export async function droppedPackets(): Promise<Record<string, number>> {
  const { stdout } = await run('nft', ['-j', 'list', 'table', 'inet', TABLE]);
  const dropped: Record<string, number> = {};
  for (const item of JSON.parse(stdout).nftables as Array<Record<string, unknown>>) {
    const rule = item.rule as
      | { comment?: string; expr?: Array<Record<string, { packets?: number }>> }
      | undefined;
    if (!rule?.comment) continue;
    const counter = rule.expr?.find((expr) => expr.counter)?.counter;
    dropped[rule.comment] = counter?.packets ?? 0;
  }
  return dropped;
}
