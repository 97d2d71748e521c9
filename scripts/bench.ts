/**
 * `npm run bench`: the extension's join latency, popup first paint and bundle sizes (bench-join.ts), join latency
 * side by side on loopback, through the TLS proxy and against a bare livekit-client page (bench-join-tls.ts),
 * then the web player's (bench-web-player.ts), each writing its own section of BENCHMARKS.md. Arguments such as
 * `--smoke` or `--joins N` go to both.
 */
import { spawnSync } from 'node:child_process';

for (const script of ['scripts/bench-join.ts', 'scripts/bench-join-tls.ts', 'scripts/bench-web-player.ts']) {
  const { status } = spawnSync('npx', ['tsx', script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${script} failed (exit ${status})`);
    process.exit(status ?? 1);
  }
}
