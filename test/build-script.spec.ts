import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// scripts/build.js is plain CommonJS (it runs before anything is compiled).
const { staleReason, STAMP, OUTPUT } = require('../scripts/build') as { staleReason(root: string): string | null; STAMP: string; OUTPUT: string };

describe('npm start builds only when something changed (scripts/build.js --if-changed)', () => {
  let root: string;
  const past = (Date.now() - 3_600_000) / 1000;
  const write = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  /** Every file and directory of the fake tree an hour old, as after a checkout long ago. */
  const age = (...paths: string[]) => paths.forEach((p) => utimesSync(join(root, p), past, past));
  const stamp = (startedAt: number) => write(STAMP, JSON.stringify({ startedAt }));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-build-'));
    write('apps/api/src/main.ts');
    write('libs/shared/src/index.ts');
    write('libs/shared/src/old.ts');
    write('libs/shared/src/__tests__/a.spec.ts');
    write('tsconfig.json', '{}');
    age('apps/api/src/main.ts', 'apps/api/src', 'apps/api', 'apps', 'libs/shared/src/index.ts', 'libs/shared/src/old.ts', 'libs/shared/src', 'libs/shared', 'libs', 'tsconfig.json');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds a fresh clone, and after a build made without the script', () => {
    expect(staleReason(root)).toBe('no build yet');
    write(OUTPUT);
    expect(staleReason(root)).toBe('no record of the last build');
  });

  it('skips the build while nothing the build reads is newer than the last build', () => {
    write(OUTPUT);
    stamp(Date.now() - 60_000);
    expect(staleReason(root)).toBeNull();
    // Tests are not part of the build.
    write('libs/shared/src/__tests__/a.spec.ts', 'changed');
    expect(staleReason(root)).toBeNull();
  });

  it.each([
    ['an edited source', () => write('libs/shared/src/index.ts', 'export const x = 1;')],
    ['a deleted source', () => rmSync(join(root, 'libs/shared/src/old.ts'))],
    ['a new library', () => write('libs/jobs/src/index.ts')],
    ['a changed build setting', () => write('tsconfig.json', '{"compilerOptions":{}}')],
  ])('builds after %s', (_what, change) => {
    write(OUTPUT);
    stamp(Date.now() - 60_000);
    change();
    expect(staleReason(root)).toBe('sources changed since the last build');
  });
});
