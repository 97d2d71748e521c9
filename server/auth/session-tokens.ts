/**
 * Opaque session tokens: 32 random bytes, base64url. Only their SHA-256 is stored, so a copy of
 * the database cannot be used to sign in; a token is found by its hash (an index lookup on a value
 * the caller cannot steer byte by byte), then compared again in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Constant-time equality of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

const bearerPattern = /^Bearer ([A-Za-z0-9_-]{43})$/;

/** The token of an `Authorization: Bearer …` header, or undefined when there is none or it is malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  return header ? bearerPattern.exec(header.trim())?.[1] : undefined;
}
