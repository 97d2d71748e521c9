/** Turns validated engine commands into calls on an {@link AudioEngine}. Shared by Chrome's offscreen document and Firefox's background page. */

import {
  type EngineAnswerOf,
  type EngineCommand,
  type EngineCommandOf,
  type EngineCommandType,
  engineCommandSchema,
} from '../protocol/engine-protocol';
import { parseMessage } from '../protocol/parse-message';
import { fail, ok, type Reply } from '../protocol/reply';
import type { AudioEngine } from './audio-engine';

export type EngineCommandHandler = (raw: unknown) => Promise<Reply<unknown>>;

type CommandHandlers = {
  [T in EngineCommandType]: (engine: AudioEngine, command: EngineCommandOf<T>) => Promise<EngineAnswerOf<T>>;
};

/** One handler per command, checked against ENGINE_PROTOCOL: a wrong answer type fails the type check. */
const handlers = {
  'engine:connect': (engine, command) => engine.connect(command.roomId, command.url, command.token),
  'engine:prepare': async (engine, command) => {
    engine.prepare(command.url);
    return null;
  },
  'engine:disconnect': async (engine) => {
    await engine.disconnect();
    return engine.snapshot();
  },
  'engine:microphone': (engine, command) => engine.setMicrophone(command.enabled, command.deviceId),
  'engine:snapshot': async (engine) => engine.snapshot(),
  'engine:stats': (engine) => engine.stats(),
} satisfies CommandHandlers;

function run<T extends EngineCommandType>(engine: AudioEngine, command: EngineCommand & { type: T }) {
  const handler: CommandHandlers[T] = (handlers as CommandHandlers)[command.type];
  return handler(engine, command as EngineCommandOf<T>);
}

export function createEngineCommandHandler(engine: AudioEngine): EngineCommandHandler {
  engineCommandSchema(); // built now, while the document loads, not when the join's command comes
  return async (raw) => {
    const parsed = parseMessage(engineCommandSchema(), raw);
    if (!parsed.ok) return parsed.reply;
    try {
      return ok(await run(engine, parsed.message));
    } catch (error) {
      return fail('failed', error instanceof Error ? error.message : String(error));
    }
  };
}
