/**
 * Commands the background sends to the audio engine (offscreen document in Chrome, the background page in
 * Firefox), each with the type of its answer. Validated by the engine before it acts.
 */
import * as v from 'valibot';
import { type AnswerIn, answer, entry, protocolSchema } from './protocol-map';
import type { EngineSnapshot, EngineStats } from './session-state';
import { roomId } from './shapes';

const command = entry;
const liveKitUrl = v.pipe(v.string(), v.url(), v.regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'));

export const ENGINE_PROTOCOL = {
  'engine:connect': command(
    {
      roomId,
      url: liveKitUrl,
      token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
    },
    answer<EngineSnapshot>(),
  ),
  /** Warm the network path to the LiveKit server a join will likely use (the last grant's); answers at once. */
  'engine:prepare': command({ url: liveKitUrl }, answer<null>()),
  'engine:disconnect': command({}, answer<EngineSnapshot>()),
  'engine:snapshot': command({}, answer<EngineSnapshot>()),
  /** Publish (or mute) the microphone. LiveKit refuses it unless this participant may speak. */
  'engine:microphone': command(
    { enabled: v.boolean(), deviceId: v.optional(v.pipe(v.string(), v.maxLength(256))) },
    answer<EngineSnapshot>(),
  ),
  'engine:stats': command({}, answer<EngineStats>()),
} as const;

type Protocol = typeof ENGINE_PROTOCOL;
export type EngineCommandType = keyof Protocol;
export type EngineCommandOf<T extends EngineCommandType> = {
  target: 'engine';
  type: T;
} & Protocol[T]['fields'];
export type EngineAnswerOf<T extends EngineCommandType> = AnswerIn<Protocol[T]>;
/** Any command the engine answers. */
export type EngineCommand = { [T in EngineCommandType]: EngineCommandOf<T> }[EngineCommandType];

let schema: v.GenericSchema<unknown, EngineCommand> | undefined;
/** The schema of every engine command (a variant on `type`), built on first use. */
export function engineCommandSchema(): v.GenericSchema<unknown, EngineCommand> {
  schema ??= protocolSchema<EngineCommand>('engine', ENGINE_PROTOCOL);
  return schema;
}
