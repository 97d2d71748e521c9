/** Turns validated engine commands into calls on an {@link AudioEngine}. Shared by Chrome's offscreen document and Firefox's background page. */

import { EngineCommand, fail, ok, parseMessage, type Reply } from '../protocol/messages';
import type { AudioEngine } from './audio-engine';

export type EngineCommandHandler = (raw: unknown) => Promise<Reply<unknown>>;

export function createEngineCommandHandler(engine: AudioEngine): EngineCommandHandler {
  return async (raw) => {
    const parsed = parseMessage(EngineCommand, raw);
    if (!parsed.ok) return parsed.reply;
    const command = parsed.message;
    try {
      switch (command.type) {
        case 'engine:connect':
          return ok(await engine.connect(command.roomId, command.url, command.token));
        case 'engine:disconnect':
          await engine.disconnect();
          return ok(engine.snapshot());
        case 'engine:microphone':
          return ok(await engine.setMicrophone(command.enabled, command.deviceId));
        case 'engine:snapshot':
          return ok(engine.snapshot());
        case 'engine:stats':
          return ok(await engine.stats());
      }
    } catch (error) {
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
  };
}
