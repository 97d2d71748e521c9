/** The rooms service's settings, from environment variables with defaults for local development. */
import { fileURLToPath } from 'node:url';
import type { DatabaseSettings } from './db/open-database.ts';

export interface LiveKitSettings {
  /** Where this service reaches LiveKit's server API (ws:// or http://, both accepted). */
  url: string;
  /** The LiveKit URL handed to clients in join grants; defaults to `url`. */
  publicUrl?: string;
  apiKey: string;
  apiSecret: string;
}

export interface ServiceConfig {
  port: number;
  host: string;
  /** How clients reach this service (share links; LiveKit's webhook URL is `${publicUrl}/v1/livekit/webhook`). */
  publicUrl: string;
  livekit: LiveKitSettings;
  database: DatabaseSettings;
  /** How long a graceful shutdown (SIGTERM) waits for requests in flight before closing connections. */
  shutdownGraceMs: number;
}

/** The embedded database's folder when DATABASE_URL is not set (git-ignored). */
export const DEFAULT_PGLITE_DIR = fileURLToPath(new URL('../.data/pglite', import.meta.url));

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, got "${value}"`);
  return port;
}

function readMilliseconds(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0)
    throw new Error(`${name} must be a whole number of milliseconds, got "${value}"`);
  return ms;
}

function readUrl(name: string, value: string | undefined, fallback: string, protocols: string[]): string {
  const url = value === undefined || value === '' ? fallback : value;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${name} must be a URL, got "${url}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new Error(`${name} must use ${protocols.join(' or ')}`);
  }
  return url.replace(/\/+$/, '');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const port = readPort(env.PORT, 8787);
  const host = env.HOST || '127.0.0.1';
  const livekitProtocols = ['ws:', 'wss:', 'http:', 'https:'];
  const livekitUrl = readUrl('LIVEKIT_URL', env.LIVEKIT_URL, 'ws://127.0.0.1:7880', livekitProtocols);
  const database: DatabaseSettings = env.DATABASE_URL
    ? { driver: 'postgres', url: readUrl('DATABASE_URL', env.DATABASE_URL, '', ['postgres:', 'postgresql:']) }
    : { driver: 'pglite', dataDir: env.PGLITE_DIR || DEFAULT_PGLITE_DIR };
  return {
    port,
    host,
    publicUrl: readUrl('PUBLIC_URL', env.PUBLIC_URL, `http://${host}:${port}`, ['http:', 'https:']),
    livekit: {
      url: livekitUrl,
      publicUrl: readUrl('LIVEKIT_PUBLIC_URL', env.LIVEKIT_PUBLIC_URL, livekitUrl, livekitProtocols),
      apiKey: env.LIVEKIT_API_KEY || 'devkey',
      apiSecret: env.LIVEKIT_API_SECRET || 'secret',
    },
    database,
    shutdownGraceMs: readMilliseconds('SHUTDOWN_GRACE_MS', env.SHUTDOWN_GRACE_MS, 10_000),
  };
}
