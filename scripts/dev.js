// `npm run start:dev`: the API with `nest start --watch` and the admin UI's Vite dev server (hot
// reload) side by side. Open http://localhost:5173/admin/ : Vite proxies /graphql and the upload
// and download routes to the API (API_URL, default http://localhost:3000), so the UI talks to the
// API same-origin, cookies included, as it does when the API serves the built UI at /admin.
'use strict';
const { spawn } = require('node:child_process');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');
const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
const vite = join(dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
const port = process.env.PORT ?? '3000';
const env = { ...process.env, API_URL: process.env.API_URL ?? `http://localhost:${port}` };

const children = [
  spawn(process.execPath, [nest, 'start', 'api', '--watch'], { cwd: root, stdio: 'inherit', env }),
  spawn(process.execPath, [vite, '--config', join('apps', 'admin', 'vite.config.mts')], { cwd: root, stdio: 'inherit', env }),
];
let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
