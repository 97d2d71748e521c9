/**
 * Which rooms service calls may be sent again when their answer was lost, and when to. The list follows
 * server/README.md ("Running N service instances"): a repeat of these has the same effect as one call
 * (a join or a listen gives a new token, start/end/stage/mute/bans/cohosts/hand set a state). Creating a room
 * is made safe by an Idempotency-Key the service remembers. Never retried: sign-up (a repeat answers
 * username_taken), sign-out, reactions (a duplicate reaction).
 */

/** Pauses before the 1st, 2nd and 3rd retry: about 1.3 s in all, within what a user waits for a click. */
export const RETRY_DELAYS_MS: readonly number[] = [100, 300, 900];

const SAFE_CALLS: ReadonlyArray<readonly [method: string, path: RegExp]> = [
  ['PUT', /^\/v1\/me\/following\/[^/]+$/],
  ['DELETE', /^\/v1\/me\/following\/[^/]+$/],
  ['PATCH', /^\/v1\/me$/],
  ['POST', /^\/v1\/sessions$/],
  ['POST', /^\/v1\/rooms$/], // with its Idempotency-Key (idempotencyKeyFor)
  ['POST', /^\/v1\/rooms\/lookup$/],
  ['POST', /^\/v1\/live-lookup$/],
  ['POST', /^\/v1\/rooms\/[^/]+\/(join|listen|start|end|hand|stage|mute|bans|cohosts)$/],
  ['DELETE', /^\/v1\/rooms\/[^/]+$/],
  ['DELETE', /^\/v1\/rooms\/[^/]+\/hand$/],
  ['DELETE', /^\/v1\/rooms\/[^/]+\/cohosts\/[^/]+$/],
];

/** The API path of a URL's pathname (the service may live under a prefix). */
const apiPath = (pathname: string) => {
  const at = pathname.indexOf('/v1/');
  return at < 0 ? pathname : pathname.slice(at);
};

/** True when sending the call twice does what sending it once does. */
export function isRetrySafe(method: string, pathname: string): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return true;
  const path = apiPath(pathname);
  return SAFE_CALLS.some(([safeMethod, pattern]) => safeMethod === upper && pattern.test(path));
}

/**
 * Worth another try: nothing answered (status 0: refused, reset, cut), or a proxy or instance that could not
 * serve it (502, 503). Not `room_reconnecting`: that 503 is the room waiting for its host, and whoever joins
 * retries it at its own pace (Retry-After).
 */
export const shouldRetry = (status: number, code: string | undefined): boolean =>
  status === 0 || ((status === 502 || status === 503) && code !== 'room_reconnecting');

/** The headers that make a non-idempotent call safe to repeat: a new Idempotency-Key per room creation. */
export function idempotencyKeyFor(method: string, pathname: string): Record<string, string> {
  if (method.toUpperCase() !== 'POST' || apiPath(pathname) !== '/v1/rooms') return {};
  return { 'idempotency-key': crypto.randomUUID() };
}
