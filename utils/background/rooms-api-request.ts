/** One HTTP call to the rooms service: the session token attached, the answer validated, errors made readable. */
import * as v from 'valibot';
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
): ServiceRequest {
  return async (schema, path, init = {}) => {
    const url = new URL(path, await baseUrl());
    const response = await send(fetchImpl, url, init, await sessionToken());
    const body: unknown = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw errorOf(response.status, body);
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

async function send(fetchImpl: typeof fetch, url: URL, init: RequestInit, token: string | null) {
  const headers: Record<string, string> = {};
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
