/**
 * Writes deploy/'s files filled in for one server (see deploy/README.md):
 *
 *   SERVICE_HOST=rooms.example.org LIVEKIT_HOST=lk.example.org NODE_IP=203.0.113.10 \
 *   TLS_CERT_FILE=/etc/letsencrypt/live/example.org/fullchain.pem \
 *   TLS_KEY_FILE=/etc/letsencrypt/live/example.org/privkey.pem \
 *   DATABASE_URL=postgres://earshot:PASSWORD@127.0.0.1/earshot \
 *   npx tsx scripts/deploy-config.ts <output folder>
 *
 * Ports default to deploy/README.md's (override with the same names). LiveKit's key and secret are
 * generated unless LIVEKIT_API_KEY and LIVEKIT_API_SECRET are given.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_DEPLOY_PORTS,
  DEPLOY_TEMPLATES,
  type DeployValues,
  renderDeployFile,
} from './lib/deploy-config.ts';

const out = process.argv[2];
if (!out) {
  console.error('usage: npx tsx scripts/deploy-config.ts <output folder>   (values from the environment)');
  process.exit(2);
}
const env = process.env;
const required = ['SERVICE_HOST', 'LIVEKIT_HOST', 'NODE_IP', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'DATABASE_URL'];
const missing = required.filter((name) => !env[name]);
if (missing.length > 0) {
  console.error(`Set ${missing.join(', ')} (see deploy/README.md)`);
  process.exit(2);
}
const port = (name: keyof typeof DEFAULT_DEPLOY_PORTS) => Number(env[name] || DEFAULT_DEPLOY_PORTS[name]);
const values: DeployValues = {
  SERVICE_HOST: env.SERVICE_HOST!,
  LIVEKIT_HOST: env.LIVEKIT_HOST!,
  NODE_IP: env.NODE_IP!,
  HTTPS_LISTEN: env.HTTPS_LISTEN || DEFAULT_DEPLOY_PORTS.HTTPS_LISTEN,
  SERVICE_PORT: port('SERVICE_PORT'),
  LIVEKIT_PORT: port('LIVEKIT_PORT'),
  UDP_PORT_START: port('UDP_PORT_START'),
  UDP_PORT_END: port('UDP_PORT_END'),
  ICE_TCP_PORT: port('ICE_TCP_PORT'),
  TURN_TLS_PORT: port('TURN_TLS_PORT'),
  TURN_ENABLED: env.TURN_ENABLED !== 'false',
  TLS_CERT_FILE: env.TLS_CERT_FILE!,
  TLS_KEY_FILE: env.TLS_KEY_FILE!,
  LIVEKIT_API_KEY: env.LIVEKIT_API_KEY || `API${randomBytes(6).toString('hex')}`,
  LIVEKIT_API_SECRET: env.LIVEKIT_API_SECRET || randomBytes(32).toString('base64url'),
  DATABASE_URL: env.DATABASE_URL!,
};
await mkdir(out, { recursive: true });
for (const [template, file] of Object.entries(DEPLOY_TEMPLATES)) {
  await writeFile(
    join(out, file),
    await renderDeployFile(template as keyof typeof DEPLOY_TEMPLATES, values),
    {
      mode: 0o600,
    },
  );
  console.log(`wrote ${join(out, file)}`);
}
