/**
 * One HTTP call to the rooms service: the session token attached, the answer validated, errors made readable.
 * A call that is safe to repeat (retry-policy.ts) is sent again, a few times with a growing pause, when it got
 * no answer or a 502/503: the service runs as several instances, and one may die with the call in flight.
 */
import * as v from 'valibot';
import { idempotencyKeyFor, isRetrySafe, RETRY_DELAYS_MS, shouldRetry } from './retry-policy';
import { ErrorBodySchema } from './rooms-api-schemas';

export class RoomsApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export type RequestInit = { method?: string; body?: unknown };
export type ServiceRequest = <S extends v.GenericSchema>(
  schema: S,
  path: string,
  init?: RequestInit,
) => Promise<v.InferOutput<S>>;

/**
 * @param baseUrl the service's base URL, read when needed (the user may change it)
 * @param sessionToken the signed-in user's session token, or null (never leaves the background)
 */
export function createServiceRequest(
  baseUrl: () => Promise<string>,
  sessionToken: () => Promise<string | null>,
  fetchImpl: typeof fetch,
  retry: RetryOptions = {},
): ServiceRequest {
  const delays = retry.delaysMs ?? RETRY_DELAYS_MS;
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async (schema, path, init = {}) => {
    // Both reads at once: each is a trip to the browser's storage, and a join waits for them.
    const [base, token] = await Promise.all([baseUrl(), sessionToken()]);
    const url = new URL(path, base);
    const method = init.method ?? 'GET';
    const safe = isRetrySafe(method, url.pathname);
    // One key for every try of this call: the service answers a retry with the room the first try made.
    const headers = idempotencyKeyFor(method, url.pathname);
    let answer = await attempt(fetchImpl, url, init, token, headers);
    for (const delay of safe ? delays : []) {
      if (!shouldRetry(answer.status, answer.code)) break;
      await sleep(delay);
      answer = await attempt(fetchImpl, url, init, token, headers);
    }
    if (answer.error) throw answer.error;
    const { response, body } = answer;
    const parsed = v.safeParse(schema, body);
    if (!parsed.success) {
      throw new RoomsApiError(
        `Unexpected answer from the rooms service: ${v.summarize(parsed.issues)}`,
        response.status,
        'bad_response',
      );
    }
    return parsed.output;
  };
}

export interface RetryOptions {
  /** Pauses before each retry (default RETRY_DELAYS_MS); their count is the number of retries. */
  delaysMs?: readonly number[];
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
}

type Attempt =
  | { error: RoomsApiError; status: number; code: string; response?: undefined; body?: undefined }
  | { error?: undefined; status: number; code?: undefined; response: Response; body: unknown };

/** One try: the answer read, or the error it makes (status 0 when nothing answered). */
async function attempt(
  fetchImpl: typeof fetch,
  url: URL,
  init: RequestInit,
  token: string | null,
  extraHeaders: Record<string, string>,
): Promise<Attempt> {
  let response: Response;
  try {
    response = await send(fetchImpl, url, init, token, extraHeaders);
  } catch (error) {
    const failure = error as RoomsApiError;
    return { error: failure, status: failure.status, code: failure.code };
  }
  const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.ok) return { status: response.status, response, body };
  const failure = errorOf(response.status, body);
  return { error: failure, status: failure.status, code: failure.code };
}

async function send(
  fetchImpl: typeof fetch,
  url: URL,
  init: RequestInit,
  token: string | null,
  extraHeaders: Record<string, string>,
) {
  const headers: Record<string, string> = { ...extraHeaders };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetchImpl(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new RoomsApiError(`The rooms service at ${url.origin} cannot be reached`, 0, 'unreachable');
  }
}

function errorOf(status: number, body: unknown): RoomsApiError {
  const error = v.safeParse(ErrorBodySchema, body);
  if (error.success) return new RoomsApiError(error.output.error.message, status, error.output.error.code);
  return new RoomsApiError(`The rooms service answered ${status}`, status, 'http_error');
}
