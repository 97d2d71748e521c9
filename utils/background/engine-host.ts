/** Where the audio engine lives, seen from the background: an offscreen document (Chrome) or the background page itself (Firefox). */
import type { EngineAnswerOf, EngineCommandOf, EngineCommandType } from '../protocol/engine-protocol';

export interface EngineHost {
  /** Makes sure an engine is running (creates the offscreen document when needed). Concurrent calls share one creation. */
  ensure(): Promise<void>;
  /** Whether an engine is running now. */
  exists(): Promise<boolean>;
  /** Sends a command to the running engine and resolves with its answer (ENGINE_PROTOCOL); rejects with the engine's error. */
  send<T extends EngineCommandType>(command: EngineCommandOf<T>): Promise<EngineAnswerOf<T>>;
  /** Stops the engine (closes the offscreen document). Safe when none runs. */
  close(): Promise<void>;
}
