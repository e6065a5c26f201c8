import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_OPERATION_PATTERN } from '../dtos/args/audit-events.args';

/** Every .ts file under a folder, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' || entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('auditEvents(filter: { operation })', () => {
  it('accepts every operation name the code writes (so each can be searched for)', () => {
    const root = join(__dirname, '..', '..', '..');
    const written = new Set<string>();
    for (const file of sources(root)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!/\boperation\b/.test(line)) continue;
        // The literals on an `operation` line: `operation: 'member.create'`, `before ? 'a.b' : 'a.c'`.
        for (const m of line.matchAll(/'([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)'/g)) written.add(m[1]);
      }
    }
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((op) => !AUDIT_OPERATION_PATTERN.test(op) || op.length > 64)).toEqual([]);
    expect(written).toContain('member.import.create');
  });

  it.each(['user.create; DROP', 'member', 'member.', '.member', 'member..create', 'Member.create', 'member.import-create'])('refuses %j', (op) => {
    expect(AUDIT_OPERATION_PATTERN.test(op)).toBe(false);
  });
});
