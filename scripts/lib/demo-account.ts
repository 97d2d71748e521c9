/**
 * The demo bot's account: signs in with credentials cached in `.data/demo-bot-account.json`
 * (git-ignored, created on first use with a random password), or signs up when the service does
 * not know the account yet (a fresh database). DEMO_BOT_USERNAME / DEMO_BOT_PASSWORD override.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoRoot } from './repo-paths.ts';
import { ServiceError, signIn, signUp } from './rooms-service-client.ts';

export const demoAccountFile = join(repoRoot, '.data', 'demo-bot-account.json');

interface Credentials {
  username: string;
  password: string;
}

async function cachedCredentials(): Promise<Credentials | undefined> {
  try {
    const value = JSON.parse(await readFile(demoAccountFile, 'utf8')) as Partial<Credentials>;
    if (typeof value.username === 'string' && typeof value.password === 'string') {
      return { username: value.username, password: value.password };
    }
  } catch {
    // none yet
  }
  return undefined;
}

async function cache(credentials: Credentials): Promise<void> {
  await mkdir(dirname(demoAccountFile), { recursive: true });
  const temporary = `${demoAccountFile}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(credentials)}\n`, { mode: 0o600 });
  await rename(temporary, demoAccountFile);
}

const newPassword = () => randomBytes(24).toString('base64url');

/** A session token for the demo account on `serviceUrl`. */
export async function demoSession(
  serviceUrl: string,
  displayName: string,
): Promise<{ token: string; username: string }> {
  const fromEnv = process.env.DEMO_BOT_PASSWORD
    ? { username: process.env.DEMO_BOT_USERNAME || 'demo-bot', password: process.env.DEMO_BOT_PASSWORD }
    : undefined;
  const credentials = fromEnv ??
    (await cachedCredentials()) ?? { username: 'demo-bot', password: newPassword() };
  if (!fromEnv) await cache(credentials);

  try {
    const { session } = await signIn(serviceUrl, credentials);
    return { token: session.token, username: credentials.username };
  } catch (error) {
    if (!(error instanceof ServiceError) || error.code !== 'invalid_credentials') throw error;
  }
  try {
    const { session } = await signUp(serviceUrl, { ...credentials, displayName });
    return { token: session.token, username: credentials.username };
  } catch (error) {
    if (fromEnv || !(error instanceof ServiceError) || error.code !== 'username_taken') throw error;
  }
  // The name is someone else's on this service (or our cached password was lost): use a new account.
  const fresh = { username: `demo-bot-${randomBytes(3).toString('hex')}`, password: newPassword() };
  const { session } = await signUp(serviceUrl, { ...fresh, displayName });
  await cache(fresh);
  return { token: session.token, username: fresh.username };
}
