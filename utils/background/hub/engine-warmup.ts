/**
 * The popup opened: start the audio engine (Chrome: create the offscreen document and load livekit-client)
 * before the user clicks Join, so a join only waits for the grant and the LiveKit connection. An engine
 * warmed for nothing is closed again after WARM_ENGINE_MS (short enough to fire before Chrome stops an idle
 * service worker, which waits 30 s after the last event).
 */
import type { HubContext } from './context';

export const WARM_ENGINE_MS = 20_000;

let closeTimer: ReturnType<typeof setTimeout> | null = null;

const notInRoom = (hub: HubContext) => {
  const { status } = hub.session.current;
  return status === 'idle' || status === 'error';
};

/** Once the engine runs: DNS, TCP and TLS to the LiveKit server of the last join, while the user decides. */
async function prepareConnection(hub: HubContext): Promise<void> {
  const url = await hub.deps.lastLiveKitUrl?.load();
  if (url && notInRoom(hub)) await hub.deps.engine.send({ target: 'engine', type: 'engine:prepare', url });
}

export function warmEngine(hub: HubContext, keepMs = WARM_ENGINE_MS): void {
  if (!notInRoom(hub)) return;
  hub.deps.engine
    .ensure()
    .then(() => prepareConnection(hub))
    .catch(() => undefined);
  if (closeTimer !== null) clearTimeout(closeTimer);
  closeTimer = setTimeout(() => {
    closeTimer = null;
    void hub.session.serial(async () => {
      if (notInRoom(hub)) await hub.deps.engine.close().catch(() => undefined);
      return hub.session.current;
    });
  }, keepMs);
}
