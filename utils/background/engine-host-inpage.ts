/** Firefox: no offscreen API, but the MV2 background page is persistent and has a DOM, so the engine runs right there. */
import { AudioEngine, type AudioEngineOptions } from '../engine/audio-engine';
import { createEngineCommandHandler, type EngineCommandHandler } from '../engine/engine-commands';
import type { EngineAnswerOf, EngineCommandOf, EngineCommandType } from '../protocol/engine-protocol';
import { type Reply, unwrap } from '../protocol/reply';
import type { EngineHost } from './engine-host';

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
    async send<T extends EngineCommandType>(command: EngineCommandOf<T>): Promise<EngineAnswerOf<T>> {
      if (!handler) throw new Error(`${command.type}: the audio engine is not running`);
      return unwrap((await handler(command)) as Reply<EngineAnswerOf<T>>, command.type);
    },
    async close() {
      const running = engine;
      engine = null;
      handler = null;
      await running?.disconnect();
    },
  };
}
