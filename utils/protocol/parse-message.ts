/** Validation of an incoming message against its protocol's schema (background and engine only). */
import * as v from 'valibot';
import { fail, type Reply } from './reply';

/** Validates `raw` against `schema`; a failure names the message type and the offending field. */
export function parseMessage<S extends v.GenericSchema>(
  schema: S,
  raw: unknown,
): { ok: true; message: v.InferOutput<S> } | { ok: false; reply: Reply<never> } {
  const result = v.safeParse(schema, raw);
  if (result.success) return { ok: true, message: result.output };
  const type =
    typeof raw === 'object' && raw !== null && 'type' in raw ? String((raw as { type: unknown }).type) : '?';
  return {
    ok: false,
    reply: fail('invalid_message', `Invalid message "${type}": ${v.summarize(result.issues)}`),
  };
}
