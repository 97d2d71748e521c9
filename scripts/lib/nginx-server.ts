/**
 * Debian's nginx as an unprivileged-looking child process: a main config of our own (pid, logs and temp
 * folders in one scratch folder, no daemon) that includes the site file under test.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasExited, killWithParent, stopChild } from './child-lifecycle.ts';
import { findExecutable } from './find-executable.ts';

export interface NginxHandle {
  accessLog: string;
  errorLog: string;
  stop(): Promise<void>;
}

export async function startNginx(dir: string, siteFile: string): Promise<NginxHandle> {
  const binary = findExecutable('nginx', `${process.env.PATH ?? ''}:/usr/sbin`);
  if (!binary) throw new Error('nginx is not installed: apt-get install nginx');
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
    await mkdir(join(dir, sub), { recursive: true });
  const accessLog = join(dir, 'access.log');
  const errorLog = join(dir, 'error.log');
  const mainConfig = join(dir, 'nginx.conf');
  await writeFile(
    mainConfig,
    [
      'daemon off;',
      // As root, workers would switch to nobody, who cannot use these folders.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${errorLog} info;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${accessLog};`,
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (sub) => `  ${sub === 'body' ? 'client_body' : sub}_temp_path ${join(dir, sub)};`,
      ),
      `  include ${siteFile};`,
      '}',
      '',
    ].join('\n'),
  );
  const child = spawn(binary, ['-c', mainConfig, '-e', errorLog], { stdio: ['ignore', 'ignore', 'pipe'] });
  const release = killWithParent(child);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const log = await readFile(errorLog, 'utf8').catch(() => '');
    if (/start worker process/.test(log)) break;
    if (hasExited(child) || Date.now() > deadline) {
      await stopChild(child, { killAfterMs: 1000 });
      release();
      throw new Error(`nginx did not start:\n${stderr}\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    accessLog,
    errorLog,
    async stop() {
      // SIGQUIT: graceful stop (nginx's SIGTERM is a fast one).
      child.kill('SIGQUIT');
      await stopChild(child, { killAfterMs: 5000 });
      release();
    },
  };
}
