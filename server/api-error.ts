/** Errors the HTTP API reports as `{ "error": { "code", "message" } }` with a precise status. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_query'
  | 'invalid_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'origin_not_allowed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'username_taken'
  | 'handle_taken'
  | 'verification_failed'
  | 'identity_unreachable'
  | 'unverifiable_site'
  | 'rate_limited'
  | 'account_not_found'
  | 'cannot_follow_self'
  | 'room_not_found'
  | 'room_not_live'
  | 'room_not_scheduled'
  | 'not_the_host'
  | 'not_a_moderator'
  | 'cannot_moderate'
  | 'banned'
  | 'stage_full'
  | 'cohost_limit'
  | 'participant_not_found'
  | 'invalid_webhook'
  | 'not_found'
  | 'livekit_unavailable'
  | 'room_reconnecting'
  | 'request_in_progress'
  | 'internal_error';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    /** Extra response headers (e.g. Retry-After). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const roomNotFound = (roomId: string) =>
  new ApiError(404, 'room_not_found', `No room "${roomId.slice(0, 40)}"`);

export const unauthenticated = () =>
  new ApiError(401, 'unauthenticated', 'Sign in first: send Authorization: Bearer <session token>');

export const accountNotFound = () => new ApiError(404, 'account_not_found', 'No such account');

export const rateLimited = (retryAfterMs: number) =>
  new ApiError(429, 'rate_limited', 'Too many attempts; try again later', {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });
