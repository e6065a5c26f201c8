import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Role } from '@crm/auth';
import { createTestApp, createUser, nextIdNumber, nextMobile, TestApp, writeCsvFile } from '@crm/testing';

const ROOT = join(__dirname, '..');

/** Runs `npm run import -- …` as a user would (the script itself, with the same loader flags). */
function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/import.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run import -- FILE', () => {
  let t: TestApp;
  let env: Record<string, string>;
  let email: string;

  beforeAll(async () => {
    t = await createTestApp();
    email = (await createUser(t, { role: Role.CountyOfficer, countyCode: '330381' })).user.email;
    env = { DATABASE_URL: t.databaseUrl, JWT_SECRET: 'cli-test-secret-that-is-long-enough-0123', LOG_LEVEL: 'silent', IMPORT_DIR: t.config.IMPORT_DIR as string };
  });
  afterAll(() => t.close());

  it('validates and commits a file with a progress bar, as the account given, and reports bad files', async () => {
    const file = writeCsvFile('cli.csv', [
      ['姓名', '身份证号', '手机号码', '籍贯'],
      ['命令甲', nextIdNumber({ regionCode: '330381' }), nextMobile(), ''],
      ['命令乙', '', nextMobile(), '瑞安'],
    ]);
    const ok = await runCli([file, '--mode', 'update', '--as', email], env);
    expect(ok.stderr).not.toMatch(/Error/);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/committing .*2\/2 rows/); // cli-progress draws on stderr
    expect(ok.stdout).toMatch(/Done in .* 2 created/);
    const rows = (await t.dataSource.query(`SELECT m.hometown_code, u.email FROM member m JOIN app_user u ON u.id = m.registered_by WHERE m.name LIKE '命令%'`)) as { hometown_code: string; email: string }[];
    expect(rows).toEqual([
      { hometown_code: '330381', email },
      { hometown_code: '330381', email },
    ]);

    const bad = writeCsvFile('cli-bad.csv', [['姓名', '手机号码'], ['命令丙', '12345']]);
    const refused = await runCli([bad, '--as', email], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Nothing imported: 1 rows have errors\. Report: .*cli-bad\.csv\.errors\.csv/);

    const usage = await runCli(['--mode', 'sometimes', file], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--mode must be skip, update or fill-empty/);
  }, 120_000);
});
