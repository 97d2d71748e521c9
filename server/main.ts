/** The rooms service as a process: `npx tsx server/main.ts` (settings: see config.ts). */
import { readConfig } from './config.ts';
import { startService } from './start-service.ts';

const config = readConfig();
const service = await startService({
  port: config.port,
  host: config.host,
  livekit: config.livekit,
  logger: console,
});
console.log(`rooms service listening on ${service.url} (LiveKit ${config.livekit.url})`);

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
