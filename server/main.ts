/** The rooms service as a process: `npx tsx server/main.ts` (settings: see config.ts). */
import { readConfig } from './config.ts';
import { startService } from './start-service.ts';

const config = readConfig();
const service = await startService({
  port: config.port,
  host: config.host,
  publicUrl: config.publicUrl,
  livekit: config.livekit,
  database: config.database,
  logger: console,
});
const storage =
  config.database.driver === 'postgres' ? 'Postgres (DATABASE_URL)' : `PGlite in ${config.database.dataDir}`;
console.log(`rooms service listening on ${service.url} (LiveKit ${config.livekit.url}; ${storage})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: shutting down`);
  const forceExit = setTimeout(() => process.exit(1), 5000);
  forceExit.unref();
  await service.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
