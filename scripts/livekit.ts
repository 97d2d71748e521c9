/**
 * A real LiveKit server for development, `npm start` and tests, on 127.0.0.1 only.
 *
 *   npx tsx scripts/livekit.ts install                 build the pinned server into .tools/bin (once)
 *   npx tsx scripts/livekit.ts start [--port 7880]     run one until Ctrl-C
 *       [--webhook <url>]... [--ice-tcp] [--log <file>]
 *   npx tsx scripts/livekit.ts cluster [--nodes 2]     a Redis, N nodes sharing it and a balancer in front
 *       [--port 7880] [--webhook <url>]...             (--port is the balancer's), until Ctrl-C
 *
 * From code: `installLiveKit()`, `startLiveKit(options)` and `startLiveKitCluster(options)`.
 */
import { parseArgs } from 'node:util';
import { isMainModule } from './lib/is-main-module.ts';
import { startLiveKitCluster } from './lib/livekit-cluster.ts';
import { installLiveKit } from './lib/livekit-install.ts';
import { startLiveKit } from './lib/livekit-server.ts';

export {
  type LiveKitClusterHandle,
  type StartLiveKitClusterOptions,
  startLiveKitCluster,
} from './lib/livekit-cluster.ts';
export { installLiveKit, LIVEKIT_VERSION, livekitBinaryPath } from './lib/livekit-install.ts';
export { type LiveKitHandle, type StartLiveKitOptions, startLiveKit } from './lib/livekit-server.ts';

const usage = `Usage:
  npx tsx scripts/livekit.ts install
  npx tsx scripts/livekit.ts start [--port 7880] [--webhook <url>]... [--ice-tcp] [--log <file>]
  npx tsx scripts/livekit.ts cluster [--nodes 2] [--port 7880] [--webhook <url>]...`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      'ice-tcp': { type: 'boolean' },
      log: { type: 'string' },
      nodes: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'install' && command !== 'start' && command !== 'cluster')) {
    console.log(usage);
    process.exitCode = values.help ? 0 : 2;
    return;
  }

  if (command === 'install') {
    console.log(await installLiveKit());
    return;
  }

  const port = values.port === undefined ? 7880 : Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  if (command === 'cluster') {
    await runCluster(port, values.nodes === undefined ? 2 : Number(values.nodes), values.webhook);
    return;
  }
  const livekit = await startLiveKit({
    port,
    webhookUrls: values.webhook,
    iceTcp: values['ice-tcp'],
    logFile: values.log,
  });
  console.log(`LiveKit server ready
  url:        ${livekit.url}
  api key:    ${livekit.apiKey}
  api secret: ${livekit.apiSecret}
  media:      udp 127.0.0.1:${livekit.udpPort}
  log:        ${livekit.logFile}
Ctrl-C to stop.`);

  stopOnSignal('stopping LiveKit server…', livekit.stop);
}

async function runCluster(port: number, nodes: number, webhookUrls: string[] | undefined): Promise<void> {
  if (!Number.isInteger(nodes) || nodes < 1) throw new Error(`Invalid --nodes ${nodes}`);
  const cluster = await startLiveKitCluster({ port, nodes, webhookUrls });
  const nodeLines = cluster.nodes.map(
    (node, index) => `  node ${index + 1}:     ${node.url} (media udp ${node.udpPort}, log ${node.logFile})`,
  );
  console.log(`LiveKit cluster ready
  url:        ${cluster.url} (balancer: each connection to the next live node)
${nodeLines.join('\n')}
  redis:      ${cluster.redis.address}
  api key:    ${cluster.apiKey}
  api secret: ${cluster.apiSecret}
Ctrl-C to stop.`);
  stopOnSignal('stopping LiveKit cluster…', cluster.stop);
}

function stopOnSignal(message: string, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log(message);
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

if (isMainModule(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
