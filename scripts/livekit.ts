/**
 * A real LiveKit server for development, `npm start` and tests, on 127.0.0.1 only.
 *
 *   npx tsx scripts/livekit.ts install                 build the pinned server into .tools/bin (once)
 *   npx tsx scripts/livekit.ts start [--port 7880]     run one until Ctrl-C
 *       [--webhook <url>]... [--ice-tcp] [--log <file>]
 *
 * From code: `installLiveKit()` and `startLiveKit(options)`.
 */
import { parseArgs } from 'node:util';
import { isMainModule } from './lib/is-main-module.ts';
import { installLiveKit } from './lib/livekit-install.ts';
import { startLiveKit } from './lib/livekit-server.ts';

export { installLiveKit, LIVEKIT_VERSION, livekitBinaryPath } from './lib/livekit-install.ts';
export { type LiveKitHandle, type StartLiveKitOptions, startLiveKit } from './lib/livekit-server.ts';

const usage = `Usage:
  npx tsx scripts/livekit.ts install
  npx tsx scripts/livekit.ts start [--port 7880] [--webhook <url>]... [--ice-tcp] [--log <file>]`;

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      webhook: { type: 'string', multiple: true },
      'ice-tcp': { type: 'boolean' },
      log: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'install' && command !== 'start')) {
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

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping LiveKit server…');
    await livekit.stop();
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
