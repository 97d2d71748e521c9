/** Password hashing with argon2id (OWASP's minimum: 19 MiB, 2 passes, 1 lane; the library defaults). */
import { hash, verify } from '@node-rs/argon2';

export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A real hash of a random password: verifying against it when a username is unknown takes as long as a real check. */
let decoyHash: Promise<string> | undefined;
export const decoyPasswordHash = () => {
  decoyHash ??= hash(crypto.randomUUID());
  return decoyHash;
};
