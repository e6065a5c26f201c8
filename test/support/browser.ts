/// <reference lib="dom" />
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { Browser } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');

/** Where browser specs write their screenshots (git-ignored), for a person to look at. */
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

/**
 * Builds the admin UI for ADMIN_UI_DIR (a fresh clone has no dist/admin) and returns its folder.
 * Vite's own build, as `npm run build` runs it (5-15 s, more under load); the output is kept in
 * the system's temporary folder under a hash of what goes into it (apps/admin, schema.graphql,
 * package-lock.json, vite's config), so a later run of the suite with nothing changed reuses it.
 * Built into a private folder and renamed into place, so two runs at once never see half a build.
 */
export function buildAdminUi(): string {
  // (The mode is part of the key: folders of earlier development-mode builds are not reused.)
  const hash = createHash('sha256').update('NODE_ENV=production\0');
  const files = [...listFiles(join(ROOT, 'apps', 'admin')), join(ROOT, 'schema.graphql'), join(ROOT, 'package-lock.json')].sort();
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  const out = join(tmpdir(), `crm-admin-ui-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(out, 'index.html'))) return out;
  const work = mkdtempSync(join(tmpdir(), 'crm-admin-ui-build-'));
  const vite = join(dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  // --bypass-lock: Vite refuses a second build of "the project" while one runs, by a lock in its
  // cache folder (node_modules/.vite, shared by every worktree linked to the same node_modules), so
  // two spec files in parallel or another checkout's build failed this one. Each build here writes
  // its own private folder, so running side by side is safe.
  const args = [vite, 'build', '--config', join('apps', 'admin', 'vite.config.mts'), '--outDir', work, '--emptyOutDir', '--logLevel', 'error', '--bypass-lock'];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    // The build users get, whatever runs this: under jest NODE_ENV is `test`, and Vite would then
    // bundle React's development build (a quarter more JavaScript, and slower), which the
    // benchmark, sharing this cache, would measure.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`admin UI build failed: ${result.stderr || result.stdout}`);
  }
  try {
    renameSync(work, out);
  } catch {
    // Another run put the same build in place first.
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

/**
 * A headless Chromium from @sparticuz/chromium (shipped inside the npm package; nothing from apt
 * or the network). The package is ESM, so its path is asked of a child Node outside jest's
 * sandbox. Its Lambda flags (which switch off web security) are not used: the tests need the
 * browser's cookie and same-origin rules as an office PC has them.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = execFileSync(
    process.execPath,
    ['-e', "import('@sparticuz/chromium').then(async (m) => process.stdout.write(await m.default.executablePath()))"],
    { cwd: ROOT, encoding: 'utf8' },
  ).trim();
  const { chromium } = await import('playwright-core');
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--no-zygote', '--disable-dev-shm-usage', '--use-gl=angle', '--use-angle=swiftshader', '--in-process-gpu'],
  });
}
