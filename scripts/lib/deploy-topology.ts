/**
 * deploy/ run for real on this machine: certificates from a local CA, Postgres, LiveKit with the
 * rendered deploy/livekit.yaml.in, the rooms service in production mode with the rendered earshot.env, and
 * nginx with the rendered site file in front, at https://rooms.earshot.test and wss://lk.earshot.test.
 * Those names resolve nowhere: browsers map them to nginx's loopback port (`hostResolverRules`), Node
 * clients use `requestThroughProxy` (SNI and Host set, the CA trusted).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { openPostgresDatabase } from '../../server/db/postgres-database.ts';
import { buildService } from '../build-service.ts';
import { hasExited, killWithParent, stopChild } from './child-lifecycle.ts';
import { type DeployValues, parseEnvFile, renderDeployFile } from './deploy-config.ts';
import { freeTcpPorts } from './free-port.ts';
import { installLiveKit } from './livekit-install.ts';
import { type LocalCertificates, makeLocalCertificates } from './local-ca.ts';
import { type NginxHandle, startNginx } from './nginx-server.ts';
import { type PostgresCluster, startPostgresCluster } from './postgres-cluster.ts';
import { type ServiceProcess, startServiceProcess } from './service-process.ts';

export const SERVICE_HOST = 'rooms.earshot.test';
export const LIVEKIT_HOST = 'lk.earshot.test';

export interface DeployTopology {
  serviceOrigin: string;
  livekitOrigin: string;
  httpsPort: number;
  certificates: LocalCertificates;
  values: DeployValues;
  postgres: PostgresCluster;
  service: ServiceProcess;
  nginx: NginxHandle;
  livekitLog: string;
  /** For Chromium's --host-resolver-rules: both names to nginx, every other name unresolvable. */
  hostResolverRules: string;
  /** An HTTPS request to one of the names through nginx, verifying its certificate against the local CA. */
  requestThroughProxy(
    host: string,
    path: string,
    init?: { method?: string; body?: unknown; token?: string },
  ): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

async function startLiveKitWithConfig(configFile: string, logFile: string, httpPort: number) {
  const binary = await installLiveKit();
  const logFd = openSync(logFile, 'a');
  const child = spawn(binary, ['--config', configFile], { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const release = killWithParent(child);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${httpPort}`, { signal: AbortSignal.timeout(1000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (up) break;
    if (hasExited(child) || Date.now() > deadline) {
      await stopChild(child, { killAfterMs: 1000 });
      release();
      throw new Error(`LiveKit did not start with the deploy config:\n${await readFile(logFile, 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop() {
      await stopChild(child, { followUpSignals: [{ afterMs: 500, signal: 'SIGTERM' }], killAfterMs: 5000 });
      release();
    },
  };
}

/** A UDP range unlikely to be in use: LiveKit needs it whole (it binds ports from it as needed). */
const udpRange = () => {
  const start = 40_000 + Math.floor(Math.random() * 200) * 50;
  return { start, end: start + 49 };
};

export interface DeployTopologyOptions {
  /**
   * LiveKit's embedded TURN/TLS, on its own name and address. LiveKit (1.13, roommanager.go
   * iceServersForParticipant) always tells clients `turns:<turn.domain>:443`, whatever `tls_port` is, so
   * the TURN name must reach LiveKit's TURN listener on port 443: not nginx's (deploy/README.md, "TURN/TLS").
   * Here: `tls_port: 443` bound to `bindAddress` (also LiveKit's node IP, where its relays bind), with
   * `host` resolving there (an /etc/hosts inside a network namespace). Off when omitted.
   */
  turn?: { host: string; bindAddress: string; allowPeerCidrs?: string[] };
  /** nginx's port (default: a free one). 443 inside a network namespace, so the names need no port mapping. */
  httpsPort?: number;
  /** The address LiveKit tells clients to send media to (default 127.0.0.1). */
  nodeIp?: string;
}

/** The turn: section of the rendered livekit.yaml, moved to its own name and address on port 443. */
function placeTurn(config: string, turn: NonNullable<DeployTopologyOptions['turn']>): string {
  const turnSection = /\nturn:\n(?: {2}.*\n|\s*#.*\n)*/.exec(config);
  if (!turnSection) throw new Error('no turn: section in livekit.yaml.in');
  const section = turnSection[0]
    .replace(/\n {2}domain: .*\n/, `\n  domain: ${turn.host}\n`)
    .replace(/\n {2}tls_port: .*\n/, '\n  tls_port: 443\n')
    .concat(`  bind_addresses: [${turn.bindAddress}]\n`)
    .concat(
      turn.allowPeerCidrs?.length
        ? `  # Test only: the namespace's addresses are private, which TURN refuses as peers by default.\n  allow_restricted_peer_cidrs: [${turn.allowPeerCidrs.join(', ')}]\n`
        : '',
    );
  return config.replace(turnSection[0], section);
}

/** The values deploy/'s templates are rendered with: free loopback ports, fresh keys, the local CA's files. */
async function topologyValues(
  options: DeployTopologyOptions,
  certificates: LocalCertificates,
  databaseUrl: string,
): Promise<DeployValues> {
  const [servicePort, livekitPort, freeHttpsPort, iceTcpPort, turnTlsPort] = await freeTcpPorts(5);
  const range = udpRange();
  return {
    SERVICE_HOST,
    LIVEKIT_HOST,
    NODE_IP: options.nodeIp ?? '127.0.0.1',
    HTTPS_LISTEN: `127.0.0.1:${options.httpsPort ?? freeHttpsPort}`,
    SERVICE_PORT: servicePort!,
    LIVEKIT_PORT: livekitPort!,
    UDP_PORT_START: range.start,
    UDP_PORT_END: range.end,
    ICE_TCP_PORT: iceTcpPort!,
    TURN_TLS_PORT: turnTlsPort!,
    TURN_ENABLED: options.turn !== undefined,
    TLS_CERT_FILE: certificates.certFile,
    TLS_KEY_FILE: certificates.keyFile,
    LIVEKIT_API_KEY: `API${randomBytes(6).toString('hex')}`,
    LIVEKIT_API_SECRET: randomBytes(32).toString('base64url'),
    DATABASE_URL: databaseUrl,
  };
}

export async function startDeployTopology(
  dir: string,
  options: DeployTopologyOptions = {},
): Promise<DeployTopology> {
  await mkdir(dir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => {});
  };
  try {
    const names = [SERVICE_HOST, LIVEKIT_HOST, ...(options.turn ? [options.turn.host] : [])];
    const certificates = await makeLocalCertificates(dir, names);
    const postgres = await startPostgresCluster();
    stops.push(() => postgres.stop());
    const databaseUrl = await createDatabase(postgres, 'earshot');
    const values = await topologyValues(options, certificates, databaseUrl);
    const httpsPort = Number(values.HTTPS_LISTEN.split(':')[1]);
    const livekitConfig = join(dir, 'livekit.yaml');
    const rendered = await renderDeployFile('livekit.yaml.in', values);
    await writeFile(livekitConfig, options.turn ? placeTurn(rendered, options.turn) : rendered);
    const livekitLog = join(dir, 'livekit.log');
    const livekit = await startLiveKitWithConfig(livekitConfig, livekitLog, values.LIVEKIT_PORT);
    stops.push(() => livekit.stop());

    const env = parseEnvFile(await renderDeployFile('earshot.env', values));
    // As deploy/systemd/earshot.service runs it: the compiled bundle under plain node.
    const service = await startServiceProcess(env, { bundle: await buildService() });
    stops.push(() => service.stop());

    const site = join(dir, 'nginx-earshot.conf');
    await writeFile(site, await renderDeployFile('nginx-earshot.conf', values));
    const nginx = await startNginx(join(dir, 'nginx'), site);
    stops.push(() => nginx.stop());

    const ca = await readFile(certificates.caFile);
    const requestThroughProxy: DeployTopology['requestThroughProxy'] = (host, path, init = {}) =>
      new Promise((resolve, reject) => {
        const body = init.body === undefined ? undefined : JSON.stringify(init.body);
        const req = request(
          {
            host: '127.0.0.1',
            port: httpsPort,
            servername: host,
            path,
            method: init.method ?? 'GET',
            ca,
            headers: {
              host,
              ...(body ? { 'content-type': 'application/json' } : {}),
              ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk) => {
              text += chunk;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });

    return {
      serviceOrigin: `https://${SERVICE_HOST}`,
      livekitOrigin: `wss://${LIVEKIT_HOST}`,
      httpsPort: httpsPort!,
      certificates,
      values,
      postgres,
      service,
      nginx,
      livekitLog,
      hostResolverRules: `MAP ${SERVICE_HOST} 127.0.0.1:${httpsPort}, MAP ${LIVEKIT_HOST} 127.0.0.1:${httpsPort}, MAP * ~NOTFOUND`,
      requestThroughProxy,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Creates the service's database in the cluster; returns its URL. */
async function createDatabase(postgres: PostgresCluster, name: string): Promise<string> {
  const db = await openPostgresDatabase(postgres.url);
  try {
    await db.exec(`CREATE DATABASE ${name}`);
  } finally {
    await db.close();
  }
  return postgres.databaseUrl(name);
}
