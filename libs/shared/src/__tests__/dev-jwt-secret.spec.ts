import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEV_JWT_SECRET_FILE, loadConfig } from '../config/app-config';

describe('the development JWT secret', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'crm-jwt-')), 'data');
  });
  afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

  it('is made once under DATA_DIR (mode 0600) and reused by the next process, so a restart keeps sessions', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).JWT_SECRET;
    const file = join(dataDir, DEV_JWT_SECRET_FILE);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    expect(loadConfig({ DATA_DIR: dataDir }).JWT_SECRET).toBe(first);
    expect(loadConfig({ DATA_DIR: `${dataDir}-other` }).JWT_SECRET).not.toBe(first);
    rmSync(`${dataDir}-other`, { recursive: true, force: true });
  });

  it('is never written when JWT_SECRET is set, in tests, or in production (which requires JWT_SECRET)', () => {
    expect(loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40) }).JWT_SECRET).toBe('x'.repeat(40));
    const a = loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).JWT_SECRET;
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'test' }).JWT_SECRET).not.toBe(a);
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(existsSync(join(dataDir, DEV_JWT_SECRET_FILE))).toBe(false);
  });

  it('refuses a damaged secret file in one line instead of signing with it', () => {
    loadConfig({ DATA_DIR: dataDir });
    writeFileSync(join(dataDir, DEV_JWT_SECRET_FILE), 'short\n');
    expect(() => loadConfig({ DATA_DIR: dataDir })).toThrow(/holds no valid JWT secret .*delete it, or set JWT_SECRET/);
  });
});
