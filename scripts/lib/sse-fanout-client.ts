/**
 * One process of SSE subscribers for bench-scale-out's fan-out measure: the subscribers are spread over
 * several such processes so that one client process parsing every stream does not inflate the time the
 * service takes. Reads `{ connections: [{ url, token }], roomId }` as JSON on stdin; prints `ready` once every
 * stream said ready, then one line `arrivals <json array>` with the wall-clock time (ms, sub-millisecond)
 * each stream received room.live for roomId, and exits.
 *
 *   node --import tsx scripts/lib/sse-fanout-client.ts < request.json
 */
import { openSse, type SseConnection } from './sse-reader.ts';

interface Request {
  connections: Array<{ url: string; token: string }>;
  roomId: string;
}

const wallClock = () => performance.timeOrigin + performance.now();

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text;
}

async function main() {
  const request = JSON.parse(await readStdin()) as Request;
  const streams: SseConnection[] = [];
  for (let i = 0; i < request.connections.length; i += 100) {
    const batch = request.connections.slice(i, i + 100);
    streams.push(...(await Promise.all(batch.map(({ url, token }) => openSse(url, token)))));
  }
  await Promise.all(streams.map((s) => s.next((e) => e.event === 'ready', 30_000)));
  const arrivals = Promise.all(
    streams.map((s) =>
      s
        .next((e) => e.event === 'room.live' && e.data.includes(request.roomId), 60_000)
        .then(() => wallClock()),
    ),
  );
  console.log('ready');
  const times = await arrivals;
  for (const s of streams) s.close();
  console.log(`arrivals ${JSON.stringify(times)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
