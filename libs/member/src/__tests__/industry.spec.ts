import { INDUSTRY_DIVISIONS, INDUSTRY_SECTIONS, industryOf } from '../utils/industry';

// Division ranges per section in GB/T 4754-2017.
const RANGES: Record<string, [number, number]> = {
  A: [1, 5], B: [6, 12], C: [13, 43], D: [44, 46], E: [47, 50], F: [51, 52], G: [53, 60],
  H: [61, 62], I: [63, 65], J: [66, 69], K: [70, 70], L: [71, 72], M: [73, 75], N: [76, 79],
  O: [80, 82], P: [83, 83], Q: [84, 85], R: [86, 90], S: [91, 96], T: [97, 97],
};

describe('industry classification', () => {
  it('has the 20 sections A–T in order', () => {
    expect(INDUSTRY_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(INDUSTRY_SECTIONS[0]).toEqual({ code: 'A', name: '农、林、牧、渔业' });
    expect(INDUSTRY_SECTIONS.every((s) => s.name.length > 0)).toBe(true);
  });

  it('has the 97 divisions 01–97 in order, each with a unique name', () => {
    expect(INDUSTRY_DIVISIONS).toHaveLength(97);
    expect(INDUSTRY_DIVISIONS.map((d) => d.code)).toEqual([...Array(97).keys()].map((i) => String(i + 1).padStart(2, '0')));
    expect(new Set(INDUSTRY_DIVISIONS.map((d) => d.name)).size).toBe(97);
  });

  it('puts every division in an existing section, within that section’s range', () => {
    const sections = new Set(INDUSTRY_SECTIONS.map((s) => s.code));
    for (const d of INDUSTRY_DIVISIONS) {
      expect(sections.has(d.section)).toBe(true);
      const [from, to] = RANGES[d.section];
      expect(Number(d.code)).toBeGreaterThanOrEqual(from);
      expect(Number(d.code)).toBeLessThanOrEqual(to);
    }
    for (const s of INDUSTRY_SECTIONS) {
      const [from, to] = RANGES[s.code];
      expect(INDUSTRY_DIVISIONS.filter((d) => d.section === s.code)).toHaveLength(to - from + 1);
    }
  });

  it('uses the 2017 names where the edition changed them', () => {
    const name = (code: string) => INDUSTRY_DIVISIONS.find((d) => d.code === code)?.name;
    expect(name('36')).toBe('汽车制造业');
    expect(name('37')).toBe('铁路、船舶、航空航天和其他运输设备制造业');
    expect(name('53')).toBe('铁路运输业');
    expect(name('79')).toBe('土地管理业');
  });

  it('is immutable', () => {
    expect(Object.isFrozen(INDUSTRY_SECTIONS)).toBe(true);
    expect(Object.isFrozen(INDUSTRY_DIVISIONS)).toBe(true);
    expect(Object.isFrozen(INDUSTRY_DIVISIONS[0])).toBe(true);
  });
});

describe('industryOf', () => {
  it('resolves a section letter', () => {
    expect(industryOf('C')).toEqual({ section: { code: 'C', name: '制造业' }, division: null });
    expect(industryOf(' t ')).toEqual({ section: { code: 'T', name: '国际组织' }, division: null });
  });

  it('resolves a division code together with its section', () => {
    expect(industryOf('36')).toEqual({
      section: { code: 'C', name: '制造业' },
      division: { code: '36', name: '汽车制造业', section: 'C' },
    });
    expect(industryOf('53')?.section.code).toBe('G');
    expect(industryOf('01')?.section.code).toBe('A');
    expect(industryOf('97')?.section.code).toBe('T');
  });

  it.each(['', 'U', 'Z', '00', '98', '1', '361', '3611', 'C36', '3a'])('returns null for %p', (code) => {
    expect(industryOf(code)).toBeNull();
  });
});
