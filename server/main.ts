/**
 * The rooms service as a process (settings: see config.ts).
 * - `npm run server`: development, text logs.
 * - `npm run serve` (or `--production`): refuses unsafe settings for a public URL (production-config.ts),
 *   logs JSON lines, and shuts down gracefully on SIGTERM.
 * Both (and `npm start`) run it compiled (scripts/build-service.ts) under plain node with a fixed malloc mmap
 * threshold, which holds the embedded default under 200 MB at rest (BENCHMARKS.md, "Embedded database
 * memory"); `npx tsx server/main.ts` runs the same code from source.
 */
import { readConfig, type ServiceConfig } from './config.ts';
import { createJsonLogger } from './json-logger.ts';
import { assertProductionReady, ProductionConfigError } from './production-config.ts';
import { startService } from './start-service.ts';
import { SERVICE_VERSION } from './version.ts';

/** sysexits' EX_CONFIG: systemd units are told not to restart on it (see deploy/). */
const EXIT_CONFIG = 78;

const production = process.argv.includes('--production') || process.env.EARSHOT_MODE === 'production';
const logger = production ? createJsonLogger() : console;

function loadConfig(): ServiceConfig {
  try {
    const config = readConfig();
    if (production) assertProductionReady(config);
    return config;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`earshot: ${message}\n`);
    if (error instanceof ProductionConfigError)
      process.stderr.write('See deploy/README.md for a production setup.\n');
    process.exit(EXIT_CONFIG);
  }
}

const config = loadConfig();
if (production) {
  process.on('uncaughtException', (error) => {
    logger.error(`uncaught exception: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
const service = await startService({
  port: config.port,
  host: config.host,
  publicUrl: config.publicUrl,
  livekit: config.livekit,
  database: config.database,
  logger,
});
const storage =
  config.database.driver === 'postgres' ? 'Postgres (DATABASE_URL)' : `PGlite in ${config.database.dataDir}`;
if (production) {
  createJsonLogger().info('listening', {
    url: service.url,
    publicUrl: config.publicUrl,
    livekit: config.livekit.url,
    database: config.database.driver,
    version: SERVICE_VERSION,
  });
} else {
  console.log(`rooms service listening on ${service.url} (LiveKit ${config.livekit.url}; ${storage})`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) {
    logger.error(`${signal} again: exiting now`);
    process.exit(1);
  }
  stopping = true;
  logger.info(`${signal}: shutting down (requests in flight get up to ${config.shutdownGraceMs} ms)`);
  const forceExit = setTimeout(() => process.exit(1), config.shutdownGraceMs + 5000);
  forceExit.unref();
  await service.stop({ graceMs: config.shutdownGraceMs });
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
