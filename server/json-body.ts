/** Reads a request's JSON body and validates it, turning every problem into a precise ApiError. */
import type { Context } from 'hono';
import * as v from 'valibot';
import { ApiError } from './api-error.ts';

export const MAX_BODY_BYTES = 16 * 1024;

const isJsonMediaType = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.+-]+\+)?json\s*(;|$)/i.test(contentType);

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(issue);
  if (!path) return issue.message;
  if (issue.type === 'object' && issue.received === 'undefined') return `${path} is required`;
  // Custom messages already name their field; valibot's own ones do not.
  return issue.message.startsWith(path) ? issue.message : `${path}: ${issue.message}`;
}

/** Whether any string (or key) in a parsed JSON value contains U+0000. */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
  }
  return false;
}

/**
 * The validated body. An empty body counts as `{}`. A non-empty body must be sent as
 * application/json: this also makes browsers preflight every such request (CORS).
 */
export async function readJsonBody<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  const text = await c.req.text();
  let data: unknown = {};
  if (text.trim() !== '') {
    if (!isJsonMediaType(c.req.header('content-type'))) {
      throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
    }
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
    }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ApiError(400, 'invalid_body', 'The body must be a JSON object');
  }
  if (containsNul(data)) {
    // Postgres cannot store U+0000 in text; no field has a use for it.
    throw new ApiError(400, 'invalid_body', 'Text must not contain NUL (U+0000) characters');
  }
  const result = v.safeParse(schema, data);
  if (!result.success) {
    throw new ApiError(400, 'invalid_body', result.issues.map(describeIssue).join('; '));
  }
  return result.output;
}
