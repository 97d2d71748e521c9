/** Errors the HTTP API reports as `{ "error": { "code", "message" } }` with a precise status. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'origin_not_allowed'
  | 'room_not_found'
  | 'not_found'
  | 'livekit_unavailable'
  | 'internal_error';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const roomNotFound = (roomId: string) =>
  new ApiError(404, 'room_not_found', `No live room "${roomId}"`);
