/** The answer envelope of every message, and the checks every receiver runs first. Free of valibot, so content scripts can use it. */
/** `unreachable`: the rooms service could not be reached (offline, or the service is down): worth retrying. */
export type ErrorCode = 'invalid_message' | 'failed' | 'unreachable';
export type Reply<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): Reply<never> => ({
  ok: false,
  error: { code, message },
});

/** Unwraps a reply, turning an error reply into a thrown Error with the same message. */
export function unwrap<T>(reply: Reply<T> | undefined, what: string): T {
  if (!reply) throw new Error(`${what}: no answer`);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

/** True for messages addressed to `target`. */
export function isFor(raw: unknown, target: 'background' | 'engine' | 'views'): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { target?: unknown }).target === target;
}
