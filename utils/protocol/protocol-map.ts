/**
 * How a protocol map is built: each message type declares its fields (valibot entries, validated on arrival)
 * and the type of its answer. Used by the background's map and the engine's.
 */
import * as v from 'valibot';

/** A phantom marker carrying an answer's type; it holds nothing at run time. */
declare const answerType: unique symbol;
export type Answer<T> = { readonly [answerType]: T };
export const answer = <T>() => undefined as unknown as Answer<T>;

/** One message type: its fields and its answer. */
export const entry = <E extends v.ObjectEntries, A>(entries: E, answers: Answer<A>) => ({
  entries,
  answers,
  /** Phantom: the validated fields' type. */
  fields: undefined as unknown as v.InferOutput<v.StrictObjectSchema<E, undefined>>,
});

/** The answer type an entry declares. */
export type AnswerIn<E> = E extends { answers: Answer<infer A> } ? A : never;

/** The schema of every message of a protocol map addressed to `target` (a variant on `type`). */
export function protocolSchema<M>(
  target: string,
  protocol: Record<string, { entries: v.ObjectEntries }>,
): v.GenericSchema<unknown, M> {
  return v.variant(
    'type',
    Object.entries(protocol).map(([type, { entries }]) =>
      v.strictObject({ target: v.literal(target), type: v.literal(type), ...entries }),
    ),
  ) as unknown as v.GenericSchema<unknown, M>;
}
