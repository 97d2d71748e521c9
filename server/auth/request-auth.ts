/** Who is calling: the account behind the request's bearer session token. */
import type { Context } from 'hono';
import type { Accounts } from '../accounts.ts';
import { ApiError, unauthenticated } from '../api-error.ts';
import { bearerToken } from './session-tokens.ts';

export interface RequestAuth {
  /** The caller's account id; 401 `unauthenticated` without a valid session. */
  required(c: Context): Promise<string>;
  /** The caller's account id, or undefined without an Authorization header (a bad one is still 401). */
  optional(c: Context): Promise<string | undefined>;
  /** The caller's raw session token (for sign-out). */
  token(c: Context): string;
}

export function createRequestAuth(accounts: Accounts): RequestAuth {
  const token = (c: Context) => {
    const value = bearerToken(c.req.header('authorization'));
    if (!value) throw unauthenticated();
    return value;
  };
  const required = async (c: Context) => {
    const accountId = await accounts.accountIdOf(token(c));
    if (!accountId) throw new ApiError(401, 'unauthenticated', 'The session has expired or was signed out');
    return accountId;
  };
  return {
    required,
    optional: (c) => (c.req.header('authorization') === undefined ? Promise.resolve(undefined) : required(c)),
    token,
  };
}
