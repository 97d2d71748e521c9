/** A real LiveKit server plus the rooms service in front of it, for one test file. */
import { type LiveKitHandle, startLiveKit } from '../../../scripts/livekit.ts';
import { type ServiceHandle, startService } from '../../../server/start-service.ts';

export interface ServiceFixture {
  livekit: LiveKitHandle;
  service: ServiceHandle;
  stop(): Promise<void>;
}

export async function startServiceFixture(): Promise<ServiceFixture> {
  const livekit = await startLiveKit();
  const service = await startService({ port: 0, livekit }).catch(async (error: unknown) => {
    await livekit.stop();
    throw error;
  });
  return {
    livekit,
    service,
    async stop() {
      await service.stop();
      await livekit.stop();
    },
  };
}

/** fetch against the service, with JSON in and out. */
export async function api(
  service: ServiceHandle,
  path: string,
  init: { method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON came back
): Promise<{ status: number; headers: Headers; body: any }> {
  const hasBody = init.body !== undefined || init.rawBody !== undefined;
  const response = await fetch(new URL(path, service.url), {
    method: init.method ?? 'GET',
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
