/**
 * The store packages (`npm run zip`, issue 12 item 5), made the way that script makes them and used the way a
 * store would: the Chrome zip unpacked and loaded into Chromium (its service worker starts, its popup renders
 * the first-run server form), the Firefox zip's manifest, and the sources zip Firefox's review asks for
 * (what the build needs, nothing of the rooms service or the tests).
 *
 * Built with `--mode store-test` so the artifacts land beside, not over, the real ones
 * (.output/chrome-mv3-store-test, earshot-<version>-<browser>-store-test.zip): other tests load
 * .output/chrome-mv3. The mode changes nothing in the package (only `--mode test` adds the fixture match).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExtensionBrowser, launchExtensionBrowser } from './harness/browser';
import { message } from './harness/locale';

const run = promisify(execFile);
const t = (key: string) => message('en', key);

let version: string;
let unpacked: string;
let browser: ExtensionBrowser | undefined;

const artifact = (browserName: string) =>
  path.resolve(`.output/earshot-${version}-${browserName}-store-test.zip`);
const zipListing = async (file: string) =>
  (await run('unzip', ['-Z1', file], { maxBuffer: 16 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);

beforeAll(async () => {
  version = JSON.parse(await readFile('package.json', 'utf8')).version;
  const env = { ...process.env, NODE_ENV: 'production' };
  await run('npx', ['wxt', 'zip', '--mode', 'store-test'], { env });
  await run('npx', ['wxt', 'zip', '-b', 'firefox', '--mode', 'store-test'], { env });
  unpacked = await mkdtemp(path.join(tmpdir(), 'earshot-store-chrome-'));
  await run('unzip', ['-q', artifact('chrome'), '-d', unpacked]);
});

afterAll(async () => {
  await browser?.close();
  if (unpacked) await rm(unpacked, { recursive: true, force: true });
});

it('the Chrome zip asks only for the permissions PERMISSIONS.md justifies', async () => {
  const manifest = JSON.parse(await readFile(path.join(unpacked, 'manifest.json'), 'utf8'));
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.version).toBe(version);
  const justified = await readFile('PERMISSIONS.md', 'utf8');
  const asked = [
    ...manifest.permissions,
    ...manifest.host_permissions,
    ...manifest.optional_host_permissions,
    ...manifest.content_scripts.flatMap((script: { matches: string[] }) => script.matches),
  ];
  for (const permission of asked)
    expect(justified, `PERMISSIONS.md names ${permission}`).toContain(`\`${permission}\``);
  // No test-only match (the loopback fixture pages) in a store build.
  expect(JSON.stringify(manifest.content_scripts)).not.toContain('127.0.0.1');
});

it('the unpacked Chrome zip loads: the service worker starts and the popup renders the first run', async () => {
  browser = await launchExtensionBrowser({ extensionDir: unpacked });
  const worker = await browser.worker();
  expect(worker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
  const popup = await browser.openPage('popup.html');
  await popup.getByLabel(t('serverLabel')).waitFor({ timeout: 15_000 });
  await expect(popup.getByRole('button', { name: t('serverUse') }).isVisible()).resolves.toBe(true);
  await popup.screenshot({ path: 'test-results/store-package-popup.png' });
});

it('the Firefox zip carries its gecko id, and the sources zip what its review needs to rebuild it', async () => {
  const listing = await zipListing(artifact('firefox'));
  expect(listing).toContain('manifest.json');
  const firefoxDir = await mkdtemp(path.join(tmpdir(), 'earshot-store-firefox-'));
  try {
    await run('unzip', ['-q', artifact('firefox'), 'manifest.json', '-d', firefoxDir]);
    const manifest = JSON.parse(await readFile(path.join(firefoxDir, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(2);
    expect(manifest.browser_specific_settings.gecko.id).toBe('earshot@earshot.audio');
    expect(manifest.optional_permissions).toEqual(['https://*/*']);
  } finally {
    await rm(firefoxDir, { recursive: true, force: true });
  }

  const sources = await zipListing(path.resolve(`.output/earshot-${version}-sources-store-test.zip`));
  for (const needed of [
    'package.json',
    'package-lock.json',
    'wxt.config.ts',
    'tsconfig.json',
    'PERMISSIONS.md',
  ]) {
    expect(sources).toContain(needed);
  }
  expect(sources.some((file) => file.startsWith('entrypoints/'))).toBe(true);
  expect(sources.some((file) => file.startsWith('wire/'))).toBe(true);
  for (const left of ['server/', 'tests/', 'node_modules/', '.output/', '.data/', 'deploy/']) {
    expect(
      sources.filter((file) => file.startsWith(left)),
      `${left} is not in the sources zip`,
    ).toEqual([]);
  }
});

it('the sources zip rebuilds the Firefox package: same files and manifest', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'earshot-store-sources-'));
  try {
    await run('unzip', ['-q', path.resolve(`.output/earshot-${version}-sources-store-test.zip`), '-d', dir]);
    // A reviewer runs `npm ci`; the same locked packages are linked here instead of downloaded again.
    await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    await run('npx', ['wxt', 'build', '-b', 'firefox', '--mode', 'store-test'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const files = async (root: string) =>
      (await readdir(root, { recursive: true }))
        .map(String)
        .map((file) => file.replace(/-[A-Za-z0-9_-]{8}\.(js|css)$/, '.$1'))
        .sort();
    const rebuilt = path.join(dir, '.output/firefox-mv2-store-test');
    const packaged = path.resolve('.output/firefox-mv2-store-test');
    expect(await files(rebuilt)).toEqual(await files(packaged));
    expect(JSON.parse(await readFile(path.join(rebuilt, 'manifest.json'), 'utf8'))).toEqual(
      JSON.parse(await readFile(path.join(packaged, 'manifest.json'), 'utf8')),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 120_000);
