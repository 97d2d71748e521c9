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
  /**
   * The raw session token when an Authorization header is sent (a malformed one is 401), not yet
   * checked: for routes that check the session in their own query (the join route).
   */
  optionalToken(c: Context): string | undefined;
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
    optionalToken: (c) => (c.req.header('authorization') === undefined ? undefined : token(c)),
  };
}
