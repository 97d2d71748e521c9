/** An engine host created on first use (Firefox loads livekit-client only when a room is joined). */
import type { EngineHost } from './engine-host';

export function lazyEngineHost(load: () => Promise<EngineHost>): EngineHost {
  let host: Promise<EngineHost> | null = null;
  const get = () => {
    host ??= load();
    return host;
  };
  return {
    ensure: async () => (await get()).ensure(),
    exists: async () => (host ? (await host).exists() : false),
    send: async (command) => (await get()).send(command),
    close: async () => (host ? (await host).close() : undefined),
  };
}
