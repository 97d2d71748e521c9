/**
 * A throwaway certificate authority and one server certificate for a set of names, made with openssl:
 * real TLS for the deploy topology on this machine (clients trust the CA, nothing else does).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export async function makeLocalCertificates(dir: string, names: string[]): Promise<LocalCertificates> {
  const ca = { key: join(dir, 'ca.key'), cert: join(dir, 'ca.pem') };
  const server = {
    key: join(dir, 'server.key'),
    csr: join(dir, 'server.csr'),
    cert: join(dir, 'server.pem'),
  };
  const extFile = join(dir, 'server.ext');
  await run('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2'],
    ...['-keyout', ca.key, '-out', ca.cert, '-subj', '/CN=Earshot test CA'],
    ...['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
  ]);
  await run('openssl', [
    ...['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', server.key, '-out', server.csr],
    ...['-subj', `/CN=${names[0]}`],
  ]);
  await writeFile(
    extFile,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}`,
    ].join('\n'),
  );
  await run('openssl', [
    ...['x509', '-req', '-in', server.csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial'],
    ...['-days', '2', '-out', server.cert, '-extfile', extFile],
  ]);
  return { caFile: ca.cert, certFile: server.cert, keyFile: server.key };
}

/** An NSS database at `$home/.pki/nssdb` trusting `caFile`: where Chromium on Linux looks for user CAs. */
export async function trustInNssDb(home: string, caFile: string): Promise<void> {
  const db = `sql:${join(home, '.pki', 'nssdb')}`;
  await run('mkdir', ['-p', join(home, '.pki', 'nssdb')]);
  await run('certutil', ['-d', db, '-N', '--empty-password']);
  await run('certutil', ['-d', db, '-A', '-t', 'C,,', '-n', 'earshot-test-ca', '-i', caFile]);
}
