import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The investment module is a bounded context: it reaches the core only through the core
// libraries' public index (`@crm/<lib>`), and no core library knows it exists. Integrations
// (API keys, change feeds) is the one other library it uses, through its public index too, to
// serve its `projectChanges` feed.

const ROOT = join(__dirname, '..', '..', '..', '..');
const CORE = ['shared', 'auth', 'audit', 'database', 'chamber', 'member', 'region', 'official', 'jobs', 'exchange', 'spreadsheet'];
/** Libraries outside the core that the investment module may not use at all. */
/** Libraries outside the core that investment may use through their public index. */
const ALLOWED = ['integration'];
const OTHER = ['visit', 'honor', 'party', 'member-exchange', 'user', 'demo', 'testing'];

function sources(dir: string, withTests = false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || (!withTests && entry.name === '__tests__') ? [] : sources(path, withTests);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// Any quote style, and require() too: a double-quoted or required internal path must not slip through.
const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"`]([^'"`]+)['"`]/g)].map((m) => m[1]);

describe('libs/investment is a bounded context', () => {
  it('no core library (nor integrations) imports @crm/investment', () => {
    const offenders = [...CORE, ...ALLOWED].flatMap((lib) => sources(join(ROOT, 'libs', lib, 'src')))
      .filter((file) => importsOf(file).some((spec) => spec === '@crm/investment' || spec.startsWith('@crm/investment/') || spec.includes('libs/investment')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('investment imports the core only through each library\'s public index, and nothing outside the core', () => {
    const bad: string[] = [];
    for (const file of sources(join(ROOT, 'libs', 'investment', 'src'))) {
      for (const spec of importsOf(file)) {
        const at = `${relative(ROOT, file)}: ${spec}`;
        if (spec.startsWith('@crm/')) {
          const [lib, ...rest] = spec.slice('@crm/'.length).split('/');
          if (rest.length) bad.push(`${at} (an internal path)`);
          else if (lib !== 'investment' && !CORE.includes(lib) && !ALLOWED.includes(lib)) bad.push(`${at} (not a core library)`);
          if (OTHER.includes(lib)) bad.push(`${at} (another module)`);
        } else if (/(^|\/)libs\//.test(spec) || /^(\.\.\/){3,}/.test(spec)) {
          bad.push(`${at} (a path out of the library)`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the check itself sees imports (it is not vacuous)', () => {
    const all = sources(join(ROOT, 'libs', 'investment', 'src')).flatMap(importsOf);
    expect(all).toEqual(expect.arrayContaining(['@crm/chamber', '@crm/member', '@crm/official', '@crm/jobs', '@crm/integration']));
  });
});
