/**
 * The rooms service in a process of its own, configured as `startStack` configures it in-process (a
 * fresh in-memory PGlite, the default limits), so a load run can read its CPU and memory apart from the
 * test's. Started by load-stack.ts:
 *
 *   node --import tsx tests/e2e/harness/load-service.ts <port> <livekit ws url> <api key> <api secret>
 *
 * Prints `load-service ready <url>` once it answers; stops on SIGTERM or when its parent goes away.
 */
import { startService } from '../../../server/start-service.ts';

const [port, url, apiKey, apiSecret] = process.argv.slice(2);
if (!port || !url || !apiKey || !apiSecret) {
  console.error('usage: load-service.ts <port> <livekit url> <api key> <api secret>');
  process.exit(2);
}
const service = await startService({ port: Number(port), livekit: { url, apiKey, apiSecret } });
console.log(`load-service ready ${service.url}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 5000).unref();
  void service.stop().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
