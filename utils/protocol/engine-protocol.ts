/**
 * Commands the background sends to the audio engine (offscreen document in Chrome, the background page in
 * Firefox), each with the type of its answer. Validated by the engine before it acts.
 */
import * as v from 'valibot';
import type { Answer } from './background-protocol';
import type { EngineSnapshot, EngineStats } from './session-state';
import { roomId } from './shapes';

const answer = <T>() => undefined as unknown as Answer<T>;
const command = <E extends v.ObjectEntries, A>(entries: E, answers: Answer<A>) => ({
  entries,
  answers,
  /** Phantom: the validated fields' type. */
  fields: undefined as unknown as v.InferOutput<v.StrictObjectSchema<E, undefined>>,
});

export const ENGINE_PROTOCOL = {
  'engine:connect': command(
    {
      roomId,
      url: v.pipe(v.string(), v.url(), v.regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL')),
      token: v.pipe(v.string(), v.minLength(1), v.maxLength(8192)),
    },
    answer<EngineSnapshot>(),
  ),
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
export type EngineAnswerOf<T extends EngineCommandType> =
  Protocol[T]['answers'] extends Answer<infer A> ? A : never;
/** Any command the engine answers. */
export type EngineCommand = { [T in EngineCommandType]: EngineCommandOf<T> }[EngineCommandType];

let schema: v.GenericSchema<unknown, EngineCommand> | undefined;
/** The schema of every engine command (a variant on `type`), built on first use. */
export function engineCommandSchema(): v.GenericSchema<unknown, EngineCommand> {
  schema ??= v.variant(
    'type',
    Object.entries(ENGINE_PROTOCOL).map(([type, { entries }]) =>
      v.strictObject({ target: v.literal('engine'), type: v.literal(type), ...entries }),
    ),
  ) as unknown as v.GenericSchema<unknown, EngineCommand>;
  return schema;
}
