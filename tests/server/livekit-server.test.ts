/** scripts/livekit.ts: instances side by side, stopping, and webhooks. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RoomServiceClient, type WebhookEvent, WebhookReceiver } from 'livekit-server-sdk';
import { afterAll, expect, it } from 'vitest';
import { type LiveKitHandle, startLiveKit } from '../../scripts/livekit.ts';

let livekit: LiveKitHandle | undefined;
let receiver: Server | undefined;
afterAll(async () => {
  await livekit?.stop();
  await new Promise((resolve) => receiver?.close(resolve) ?? resolve(undefined));
});

it('runs two instances side by side on different ports, and stops them', async () => {
  const [first, second] = await Promise.all([startLiveKit(), startLiveKit()]);
  try {
    expect(first.port).not.toBe(second.port);
    expect(first.udpPort).not.toBe(second.udpPort);
    expect(first.url).toBe(`ws://127.0.0.1:${first.port}`);
    for (const instance of [first, second]) {
      const response = await fetch(instance.httpUrl);
      expect(response.status).toBe(200);
    }
  } finally {
    await Promise.all([first.stop(), second.stop()]);
  }
  await expect(fetch(first.httpUrl)).rejects.toThrow();
  await first.stop(); // idempotent
});

it('delivers signed webhooks to the configured URLs', async () => {
  const events: WebhookEvent[] = [];
  const verify = new WebhookReceiver('devkey', 'secret');
  let roomStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => {
    roomStarted = resolve;
  });
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', async () => {
      try {
        const event = await verify.receive(body, request.headers.authorization);
        events.push(event);
        if (event.event === 'room_started') roomStarted();
        response.writeHead(200).end();
      } catch {
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;

  livekit = await startLiveKit({ webhookUrls: [`http://127.0.0.1:${port}/livekit-webhook`] });
  const rooms = new RoomServiceClient(livekit.httpUrl, livekit.apiKey, livekit.apiSecret);
  await rooms.createRoom({ name: 'webhook-room' });

  await started;
  expect(events.find((event) => event.event === 'room_started')?.room?.name).toBe('webhook-room');
});
