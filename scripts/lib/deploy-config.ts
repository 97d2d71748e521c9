/**
 * Renders the files of `deploy/` (LiveKit config, nginx site, the service's environment): each has
 * `{{NAME}}` placeholders. Used by `scripts/deploy-config.ts` (operators) and the deploy e2e test, so
 * the test runs exactly the shipped files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.ts';

export const DEPLOY_DIR = join(repoRoot, 'deploy');

/** The rendered files: template name in deploy/ → what to call the result. */
export const DEPLOY_TEMPLATES = {
  'livekit.yaml.in': 'livekit.yaml',
  'nginx-earshot.conf': 'nginx-earshot.conf',
  'earshot.env': 'earshot.env',
} as const;

export interface DeployValues {
  SERVICE_HOST: string;
  LIVEKIT_HOST: string;
  NODE_IP: string;
  /** `443`, or `127.0.0.1:8443` (what nginx's `listen` takes). */
  HTTPS_LISTEN: string;
  SERVICE_PORT: number;
  LIVEKIT_PORT: number;
  UDP_PORT_START: number;
  UDP_PORT_END: number;
  ICE_TCP_PORT: number;
  TURN_TLS_PORT: number;
  /** LiveKit's embedded TURN/TLS: `true` in production; see deploy/README.md for the test's exception. */
  TURN_ENABLED: boolean;
  TLS_CERT_FILE: string;
  TLS_KEY_FILE: string;
  LIVEKIT_API_KEY: string;
  LIVEKIT_API_SECRET: string;
  DATABASE_URL: string;
}

export const DEFAULT_DEPLOY_PORTS = {
  HTTPS_LISTEN: '443',
  SERVICE_PORT: 8787,
  LIVEKIT_PORT: 7880,
  UDP_PORT_START: 50000,
  UDP_PORT_END: 60000,
  ICE_TCP_PORT: 7881,
  TURN_TLS_PORT: 5349,
} as const;

/** Fills every `{{NAME}}`; throws on a placeholder without a value (a typo would ship otherwise). */
export function fillPlaceholders(template: string, values: DeployValues): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_, name: string) => {
    const value = (values as unknown as Record<string, string | number | boolean | undefined>)[name];
    if (value === undefined || value === '') throw new Error(`No value for {{${name}}}`);
    return String(value);
  });
}

export async function renderDeployFile(
  name: keyof typeof DEPLOY_TEMPLATES,
  values: DeployValues,
): Promise<string> {
  return fillPlaceholders(await readFile(join(DEPLOY_DIR, name), 'utf8'), values);
}

/** Reads a rendered earshot.env into an environment object. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}
