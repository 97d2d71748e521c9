/**
 * What production mode (`npm run serve`) refuses to start with. A service whose public URL is not
 * loopback is reachable by other people: it must not sign tokens with LiveKit's published dev key, must
 * keep its data in a real Postgres, and must be reached over HTTPS (the extension refuses plain HTTP
 * outside loopback). A loopback public URL (trying production mode on one machine) is let through.
 */
import type { ServiceConfig } from './config.ts';

/** `livekit-server --dev`'s key and secret, known to everyone. */
const LIVEKIT_DEV_API_KEY = 'devkey';
const LIVEKIT_DEV_API_SECRET = 'secret';

/** LiveKit refuses API secrets shorter than this outside its development mode. */
const MIN_SECRET_LENGTH = 32;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Why this configuration must not serve the public; empty when it may. */
export function productionProblems(config: ServiceConfig, env: NodeJS.ProcessEnv): string[] {
  if (isLoopbackUrl(config.publicUrl)) return [];
  const problems: string[] = [];
  const { apiKey, apiSecret } = config.livekit;
  if (!env.LIVEKIT_API_KEY || !env.LIVEKIT_API_SECRET) {
    problems.push('LIVEKIT_API_KEY and LIVEKIT_API_SECRET must be set (the keys in your livekit.yaml)');
  } else if (apiKey === LIVEKIT_DEV_API_KEY || apiSecret === LIVEKIT_DEV_API_SECRET) {
    problems.push(
      "LiveKit's development key or secret (devkey / secret) is public: generate your own " +
        '(deploy/README.md, "Keys")',
    );
  } else if (apiSecret.length < MIN_SECRET_LENGTH) {
    problems.push(
      `LIVEKIT_API_SECRET must be at least ${MIN_SECRET_LENGTH} characters (LiveKit refuses shorter)`,
    );
  }
  if (config.database.driver !== 'postgres') {
    problems.push('DATABASE_URL must name a Postgres database (the embedded PGlite is for one machine)');
  }
  if (!config.publicUrl.startsWith('https:')) {
    problems.push(`PUBLIC_URL must be https:// outside loopback, got ${config.publicUrl}`);
  }
  const livekitPublicUrl = config.livekit.publicUrl ?? config.livekit.url;
  if (!/^(wss|https):/.test(livekitPublicUrl) || isLoopbackUrl(livekitPublicUrl)) {
    problems.push(
      `LIVEKIT_PUBLIC_URL must be the wss:// address clients reach LiveKit at, got ${livekitPublicUrl}`,
    );
  }
  return problems;
}

export class ProductionConfigError extends Error {
  constructor(
    readonly problems: string[],
    publicUrl: string,
  ) {
    super(
      `Refusing to serve ${publicUrl} in production mode:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ProductionConfigError';
  }
}

export function assertProductionReady(config: ServiceConfig, env: NodeJS.ProcessEnv = process.env): void {
  const problems = productionProblems(config, env);
  if (problems.length > 0) throw new ProductionConfigError(problems, config.publicUrl);
}
