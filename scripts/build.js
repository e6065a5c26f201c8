// Builds the server into dist/ (`nest build api`), then the admin UI into dist/admin (Vite; after
// the server, whose build empties dist/), and records when, so `npm start` can skip the
// build when nothing it compiles has changed since:
//
//   node scripts/build.js               build (npm run build)
//   node scripts/build.js --if-changed  build only when there is no build, or a source or build
//                                       setting changed after the last one began (npm start)
//
// "Changed" means a file or directory under apps/ or libs/ (tests excluded), or one of the build
// settings, has a modification time after the last build began. Directories count because
// deleting or renaming a file changes its directory's time. Plain Node, no shell: the same on
// Linux, macOS and Windows.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const SOURCE_DIRS = ['apps', 'libs'];
const SETTINGS = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'schema.graphql'];
const OUTPUT = join('dist', 'apps', 'api', 'src', 'main.js');
// Inside dist/, which `nest build` empties (deleteOutDir): a build made without this script
// leaves no stamp, and the next start builds again.
const STAMP = join('dist', '.build-stamp.json');
// File systems with coarse timestamps (whole seconds; FAT: two) must not hide an edit made just
// as a build began: such edits count as newer.
const CLOCK_SLACK_MS = 2000;

/** The newest modification time (ms) of dir and everything under it, tests left out as the build leaves them out. */
function newestUnder(dir) {
  let newest;
  let entries;
  try {
    newest = statSync(dir).mtimeMs;
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === '__tests__' || entry.name === 'node_modules' || entry.name.endsWith('.spec.ts')) continue;
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestUnder(path) : (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (time > newest) newest = time;
  }
  return newest;
}

/** The newest modification time of anything the build reads. */
function newestSource(root) {
  return Math.max(
    ...SOURCE_DIRS.map((dir) => newestUnder(join(root, dir))),
    ...SETTINGS.map((file) => statSync(join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? 0),
  );
}

/** Why root needs a build, or null when its last build is current. */
function staleReason(root) {
  if (!existsSync(join(root, OUTPUT))) return 'no build yet';
  let startedAt;
  try {
    startedAt = JSON.parse(readFileSync(join(root, STAMP), 'utf8')).startedAt;
  } catch {
    return 'no record of the last build';
  }
  if (typeof startedAt !== 'number') return 'no record of the last build';
  return newestSource(root) > startedAt - CLOCK_SLACK_MS ? 'sources changed since the last build' : null;
}

function build(root) {
  const startedAt = Date.now();
  const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
  const result = spawnSync(process.execPath, [nest, 'build', 'api'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`Build failed${result.error ? `: ${result.error.message}` : ''}\n`);
    process.exit(result.status || 1);
  }
  // After `nest build`: its deleteOutDir empties dist/, the admin UI's output included.
  const vite = join(dirname(require.resolve('vite/package.json', { paths: [root] })), 'bin', 'vite.js');
  // Always the production build (React's, antd's): a NODE_ENV of `test` or `development` in the
  // shell would otherwise give the users React's development bundle.
  const admin = spawnSync(process.execPath, [vite, 'build', '--config', join('apps', 'admin', 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (admin.status !== 0) {
    process.stderr.write(`Admin UI build failed${admin.error ? `: ${admin.error.message}` : ''}\n`);
    process.exit(admin.status || 1);
  }
  writeFileSync(join(root, STAMP), `${JSON.stringify({ startedAt, builtAt: new Date().toISOString() })}\n`);
}

if (require.main === module) {
  const root = join(__dirname, '..');
  if (process.argv.includes('--if-changed')) {
    const reason = staleReason(root);
    if (reason) {
      process.stdout.write(`Building (${reason})…\n`);
      build(root);
    } else {
      process.stdout.write('Build is up to date (dist/): skipping it\n');
    }
  } else {
    build(root);
  }
}

module.exports = { staleReason, newestSource, STAMP, OUTPUT };
