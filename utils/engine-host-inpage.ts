/** Firefox: no offscreen API, but the MV2 background page is persistent and has a DOM, so the engine runs right there. */
import { AudioEngine, type AudioEngineOptions } from './audio-engine';
import { createEngineCommandHandler, type EngineCommandHandler } from './engine-commands';
import type { EngineHost } from './engine-host';
import { type EngineCommand, unwrap } from './messages';

export function createInPageEngineHost(
  events: Pick<AudioEngineOptions, 'onChange' | 'onReaction'>,
  container: () => HTMLElement = () => document.body,
): EngineHost {
  let handler: EngineCommandHandler | null = null;
  let engine: AudioEngine | null = null;

  return {
    async ensure() {
      if (engine) return;
      engine = new AudioEngine({ ...events, audioContainer: container() });
      handler = createEngineCommandHandler(engine);
    },
    async exists() {
      return engine !== null;
    },
    async send<T>(command: EngineCommand): Promise<T> {
      if (!handler) throw new Error(`${command.type}: the audio engine is not running`);
      return unwrap((await handler(command)) as never, command.type) as T;
    },
    async close() {
      const running = engine;
      engine = null;
      handler = null;
      await running?.disconnect();
    },
  };
}
