import { auditDiff } from '../utils/audit-diff';

describe('auditDiff', () => {
  it('lists only the fields that changed, in name order', () => {
    const changes = auditDiff({ role: 'VIEWER', email: 'a@x.cn', active: true }, { role: 'ADMIN', email: 'a@x.cn', active: false });
    expect(changes).toEqual([
      { field: 'active', before: true, after: false },
      { field: 'role', before: 'VIEWER', after: 'ADMIN' },
    ]);
  });

  it('records creation and deletion against null', () => {
    expect(auditDiff(null, { email: 'a@x.cn' })).toEqual([{ field: 'email', before: null, after: 'a@x.cn' }]);
    expect(auditDiff({ email: 'a@x.cn' }, null)).toEqual([{ field: 'email', before: 'a@x.cn', after: null }]);
  });

  it('never keeps a secret and masks personal data', () => {
    const changes = auditDiff(
      { passwordHash: 'old-hash', phone: '13812341234', idNumber: '330302199001011234' },
      { passwordHash: 'new-hash', phone: '13999995678', idNumber: '330302199001015678' },
    );
    expect(changes).toEqual([
      { field: 'idNumber', before: '330***********1234', after: '330***********5678' },
      { field: 'passwordHash', before: '[secret]', after: '[secret]' },
      { field: 'phone', before: '138****1234', after: '139****5678' },
    ]);
    expect(JSON.stringify(changes)).not.toContain('hash');
  });

  it('compares dates by instant', () => {
    const d = new Date('2026-01-01T00:00:00Z');
    expect(auditDiff({ at: d }, { at: new Date(d.getTime()) })).toEqual([]);
  });
});
