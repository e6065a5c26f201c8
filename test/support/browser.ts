/// <reference lib="dom" />
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';

const ROOT = join(__dirname, '..', '..');

/** Where browser specs write their screenshots (git-ignored), for a person to look at. */
export const SCREENSHOT_DIR = join(ROOT, 'test-output', 'screenshots');

/**
 * Builds the admin UI into a temporary folder (a fresh clone has no dist/admin) and returns it,
 * for ADMIN_UI_DIR. Vite's own build, as `npm run build` runs it, about 5 s.
 */
export function buildAdminUi(): string {
  const out = mkdtempSync(join(tmpdir(), 'crm-admin-ui-'));
  const vite = join(dirname(require.resolve('vite/package.json', { paths: [ROOT] })), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join('apps', 'admin', 'vite.config.mts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`admin UI build failed: ${result.stderr || result.stdout}`);
  return out;
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
