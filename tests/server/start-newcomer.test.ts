/**
 * `npm start` as a newcomer runs it on a machine without a display (SSH, a container): the real LiveKit,
 * rooms service and demo bot come up, the demo room is audible to a listener, the script says how to load
 * the extension by hand, a second `npm start` is told what holds its ports and data, and Ctrl-C leaves
 * nothing running. (The extension build is skipped here: `npm test` builds it, and start-faults covers a
 * failing build.)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispose } from '@livekit/rtc-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeTcpPort } from '../../scripts/lib/free-port.ts';
import { repoRoot } from '../../scripts/lib/repo-paths.ts';
import { tcpPortFree } from '../../scripts/lib/start-checks.ts';
import { joinAndMeasureAudio } from './support/audio-meter.ts';
import { hasStackTrace, processesMatching, runStart, type StartRun } from './support/start-script.ts';

const EXTENSION_DIR = join(repoRoot, '.output', 'chrome-mv3');

let dataRoot: string;
let env: Record<string, string>;
let run: StartRun;
let readyAfterMs: number;

beforeAll(async () => {
  dataRoot = await mkdtemp(join(tmpdir(), 'earshot-start-'));
  const service = await freeTcpPort();
  let livekit = await freeTcpPort();
  while (livekit === service) livekit = await freeTcpPort();
  env = {
    PORT: String(service),
    LIVEKIT_PORT: String(livekit),
    PGLITE_DIR: join(dataRoot, 'pglite'),
    EARSHOT_SKIP_BUILD: '1',
  };
  const startedAt = Date.now();
  run = runStart(env); // DISPLAY and WAYLAND_DISPLAY are unset by runStart
  await run.waitFor(/Ctrl-C stops everything/, 240_000);
  readyAfterMs = Date.now() - startedAt;
});

afterAll(async () => {
  if (run && run.child.exitCode === null) {
    run.child.kill('SIGINT');
    await run.exited;
  }
  await dispose();
  await rm(dataRoot, { recursive: true, force: true });
});

describe('npm start without a display', () => {
  it('starts everything on the chosen ports and says how to load the extension by hand', () => {
    const output = run.output();
    console.log(`npm start was ready after ${readyAfterMs} ms (build skipped)`);
    expect(output).toContain(`creating the database in ${env.PGLITE_DIR} (once: up to a minute)`);
    expect(output).toContain(`rooms service  http://127.0.0.1:${env.PORT}`);
    expect(output).toContain(`LiveKit        ws://127.0.0.1:${env.LIVEKIT_PORT}`);
    expect(output).toContain(`calls the rooms service at http://127.0.0.1:${env.PORT}`);
    expect(output).toContain(
      'No display (DISPLAY and WAYLAND_DISPLAY are unset), so no browser window is opened.',
    );
    expect(output).toContain('open chrome://extensions and turn on "Developer mode"');
    expect(output).toContain(`click "Load unpacked" and choose ${EXTENSION_DIR}`);
    expect(output).toContain('press Join on "Earshot demo room"');
    expect(hasStackTrace(output)).toBe(false);
  });

  it('runs a demo room that a listener hears', async () => {
    const serviceUrl = `http://127.0.0.1:${env.PORT}`;
    const { rooms } = (await (await fetch(`${serviceUrl}/v1/rooms`)).json()) as {
      rooms: { id: string; title: string; hostName: string; speakerCount: number }[];
    };
    const demo = rooms.find((room) => room.title === 'Earshot demo room');
    expect(demo).toMatchObject({ hostName: 'Demo bot', speakerCount: 1 });
    expect(run.output()).toContain(`${serviceUrl}/r/${demo!.id}`);

    const grant = (await (
      await fetch(`${serviceUrl}/v1/rooms/${demo!.id}/listen`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()) as { url: string; token: string };
    expect(grant.url).toBe(`ws://127.0.0.1:${env.LIVEKIT_PORT}`);
    const listener = await joinAndMeasureAudio(grant.url, grant.token);
    try {
      const joinedAt = performance.now();
      await listener.waitForLoudFrames(25, 20_000);
      console.log(
        `first 25 loud frames of the demo room after ${Math.round(performance.now() - joinedAt)} ms`,
      );
    } finally {
      await listener.leave();
    }
  });

  it('tells a second npm start on the same ports that the first one holds them, and how to stop it', async () => {
    const { code, output } = await runStart(env).exited;
    expect(code).toBe(1);
    expect(output).toContain(`Port ${env.PORT} on 127.0.0.1, for the rooms service, is already in use`);
    expect(output).toContain(`Port ${env.LIVEKIT_PORT} on 127.0.0.1, for LiveKit, is already in use`);
    expect(output).toContain(
      `That is an earlier \`npm start\`: stop it with Ctrl-C in its terminal (or \`kill ${run.child.pid}\`)`,
    );
    expect(output).toMatch(/run this one beside it on other ports: PORT=\d+ LIVEKIT_PORT=\d+ npm start/);
    expect(hasStackTrace(output)).toBe(false);
  });

  it('refuses a second npm start on other ports that would share its data folder', async () => {
    const service = await freeTcpPort();
    const livekit = await freeTcpPort();
    const { code, output } = await runStart({ ...env, PORT: String(service), LIVEKIT_PORT: String(livekit) })
      .exited;
    expect(code).toBe(1);
    expect(output).toContain(
      `The data folder ${env.PGLITE_DIR} is in use by another \`npm start\` (pid ${run.child.pid})`,
    );
    expect(output).toContain('PGLITE_DIR=<folder> npm start');
    expect(hasStackTrace(output)).toBe(false);
    // The first one is untouched.
    expect(await tcpPortFree(Number(env.PORT))).toBe(false);
  });

  it('stops everything on Ctrl-C: exit 0, ports free, no LiveKit or bot left, data folder unlocked', async () => {
    const stoppedAt = Date.now();
    run.child.kill('SIGINT');
    const { code, output } = await run.exited;
    console.log(`Ctrl-C to exit: ${Date.now() - stoppedAt} ms`);
    expect(code).toBe(0);
    expect(output).toMatch(/stopping…\n\[earshot\] stopped\.\n?$/);
    expect(await tcpPortFree(Number(env.PORT))).toBe(true);
    expect(await tcpPortFree(Number(env.LIVEKIT_PORT))).toBe(true);
    expect(processesMatching(`--service http://127.0.0.1:${env.PORT} `)).toEqual([]);
    expect(processesMatching(`livekit-${env.LIVEKIT_PORT}-`)).toEqual([]);
    expect(existsSync(`${env.PGLITE_DIR}.lock`)).toBe(false);
  });
});
