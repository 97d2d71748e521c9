/** The rooms service's settings, from environment variables with defaults for local development. */

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
  /** How clients reach this service (for links and, later, webhooks). */
  publicUrl: string;
  livekit: LiveKitSettings;
}

function readPort(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be 0..65535, got "${value}"`);
  return port;
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
    throw new Error(`${name} must use ${protocols.join(' or ')}, got "${url}"`);
  }
  return url.replace(/\/+$/, '');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const port = readPort(env.PORT, 8787);
  const host = env.HOST || '127.0.0.1';
  const livekitProtocols = ['ws:', 'wss:', 'http:', 'https:'];
  const livekitUrl = readUrl('LIVEKIT_URL', env.LIVEKIT_URL, 'ws://127.0.0.1:7880', livekitProtocols);
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
  };
}
