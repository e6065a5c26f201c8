/**
 * Fills a database with realistic, deterministic scale data for benchmarks (members,
 * enterprises, memberships, political roles, and a chamber network with leadership when the
 * database has fewer than ~250 chambers). Members are written through MemberWriter, the
 * member library's one write path, as the administrator account seed-scale@system.invalid
 * (made on the first run; it cannot sign in), and audited: one event per member, enterprise
 * and position, tagged `member.seed` / `enterprise.seed` with `{ source: 'seed:scale', seed }`.
 * With DATABASE_URL unset it starts the embedded development database (.data/), applies
 * migrations and loads the regions as the server does, seeds, and stops it again.
 *
 *   npm run seed:scale -- --members 250000 [--seed 42] [--reset]
 *   npm run seed:scale -- --members 250000 --party-members 20000
 *   npm run seed:scale -- --party-members 20000        (party data only, next to what is there)
 *   npm run seed:scale -- --projects 4000 [--funding 40000]   (investment projects, libs/demo/src/scale/investment.ts)
 *
 * --party-members adds the party network (libs/demo/src/scale/party-scale.ts): committees for
 * the provinces without one, units in ~70% of their chambers, the party members (a third linked
 * to members) and a quarter of organisation life, all through the party services. --reset also
 * removes the party data under committees that scale chambers host.
 *
 * Refuses a database that already holds members. --reset first deletes what an earlier run
 * made (members marked source_note 'seed:scale', the enterprises only they were linked to,
 * the chambers it created and their terms and positions) and never anything else: other
 * members (the demo data set, say) stay, and the scale data is added next to them. Scale
 * chambers that other data now refers to (a demo member's membership, a secretariat account,
 * a child chamber) are kept; so are the audit events of the removed data (the audit table
 * refuses DELETE). While it runs, the member tables' secondary indexes are rebuilt inside the
 * seed's transaction, so other sessions wait for it.
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { prepareDatabase } from '../apps/api/src/prepare-database';
import {
  resetHonoursScale,
  resetPartyScale,
  resetScaleData,
  resetScaleVisits,
  scaleDataState,
  seedHonoursScale,
  seedPartyScale,
  seedScale,
  seedScaleVisits,
  SCALE_SOURCE_NOTE,
  seedScaleInvestment,
} from '../libs/demo/src/scale';
import { buildDataSourceOptions, EmbeddedPostgresHandle, startEmbeddedPostgres } from '../libs/database/src';
import { loadConfig } from '../libs/shared/src';

const USAGE =
  'Usage: npm run seed:scale -- [--members <count>] [--party-members <count>] [--visits <count>] [--opinions <count>] [--awards <count>] [--projects <count>] [--funding <count>] [--seed <integer>] [--reset]';

interface Args {
  members: number;
  partyMembers: number;
  /** Honour awards (three benefit records each); 10,000 with --members unless given, 0 for none. */
  awards: number;
  seed: number;
  reset: boolean;
  /** Visits and opinions (issue 13): 10,000 and 20,000 with --members unless given; 0 leaves them out. */
  visits: number;
  opinions: number;
  /** Returning-investment projects and funding records (issue 15): 4,000 and 40,000 when --projects is given without a count. */
  projects: number;
  funding: number;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  let members: number | undefined;
  let partyMembers = 0;
  let seed = 42;
  let reset = false;
  let visits: number | undefined;
  let opinions: number | undefined;
  let awards: number | undefined;
  let projects = 0;
  let funding: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--members':
        members = Number(value().replace(/[_,]/g, ''));
        if (!Number.isSafeInteger(members) || members < 1 || members > 10_000_000) throw new UsageError('--members must be an integer between 1 and 10,000,000');
        break;
      case '--party-members':
        partyMembers = Number(value().replace(/[_,]/g, ''));
        if (!Number.isSafeInteger(partyMembers) || partyMembers < 1 || partyMembers > 1_000_000) throw new UsageError('--party-members must be an integer between 1 and 1,000,000');
        break;
      case '--seed':
        seed = Number(value());
        if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UsageError('--seed must be an integer between 0 and 4294967295');
        break;
      case '--reset':
        reset = true;
        break;
      case '--visits':
      case '--opinions': {
        const n = Number(value().replace(/[_,]/g, ''));
        if (!Number.isSafeInteger(n) || n < 0 || n > 1_000_000) throw new UsageError(`${flag} must be an integer between 0 and 1,000,000`);
        if (flag === '--visits') visits = n;
        else opinions = n;
        break;
      }
      case '--awards':
        awards = Number(value().replace(/[_,]/g, ''));
        if (!Number.isSafeInteger(awards) || awards < 0 || awards > 1_000_000) throw new UsageError('--awards must be an integer between 0 and 1,000,000');
        break;
      case '--projects': {
        // A bare --projects means the issue's scale: 4,000 projects.
        const next = inline ?? argv[i + 1];
        if (next === undefined || next.startsWith('--')) projects = 4_000;
        else {
          projects = Number(value().replace(/[_,]/g, ''));
          if (!Number.isSafeInteger(projects) || projects < 1 || projects > 1_000_000) throw new UsageError('--projects must be an integer between 1 and 1,000,000');
        }
        break;
      }
      case '--funding':
        funding = Number(value().replace(/[_,]/g, ''));
        if (!Number.isSafeInteger(funding) || funding < 0 || funding > 10_000_000) throw new UsageError('--funding must be an integer between 0 and 10,000,000');
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`Unknown argument ${argv[i]}`);
    }
  }
  if (members === undefined && !partyMembers && visits === undefined && opinions === undefined && awards === undefined && !projects) {
    throw new UsageError('--members, --party-members, --visits, --opinions, --awards or --projects is required');
  }
  // Visits, opinions and awards come with a member seed unless asked for on their own.
  return {
    members: members ?? 0,
    partyMembers,
    seed,
    reset,
    visits: visits ?? (members ? 10_000 : 0),
    opinions: opinions ?? (members ? 20_000 : 0),
    awards: awards ?? (members ? 10_000 : 0),
    projects,
    funding: funding ?? projects * 10,
  };
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const started = performance.now();
  const config = loadConfig();
  let url = config.DATABASE_URL;
  let embedded: EmbeddedPostgresHandle | undefined;
  if (!url) {
    out(`Starting the embedded development database (${config.DATA_DIR}, port ${config.EMBEDDED_PG_PORT})`);
    embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'crm', log: out });
    url = embedded.url;
  }
  let dataSource: DataSource | undefined;
  try {
    let clock = performance.now();
    const prepared = await prepareDatabase(url);
    out(`Database ready: ${prepared.migrations.length} migrations applied, ${prepared.regionCount} regions (${seconds(performance.now() - clock)})`);

    dataSource = new DataSource({ ...buildDataSourceOptions({ url, poolSize: 2, applicationName: 'diaspora-crm-seed-scale' }), migrations: [] });
    await dataSource.initialize();

    const state = await scaleDataState(dataSource);
    const others = state.members - state.scaleMembers;
    if (state.members > 0 && !args.reset && args.members > 0) {
      process.stderr.write(
        `Refusing: the database already holds ${fmt(state.members)} members (${fmt(state.scaleMembers)} of them from an earlier scale seed).\n` +
          `Run again with --reset to delete the scale data first (only what the scale seed made: members with source_note '${SCALE_SOURCE_NOTE}', ` +
          'the enterprises only they were linked to, the chambers it created with their terms and positions):\n' +
          `  npm run seed:scale -- --members ${args.members} --seed ${args.seed} --reset\n`,
      );
      return 1;
    }
    if (args.reset) {
      clock = performance.now();
      // Visits, opinions and honours refer to scale members: they go first.
      await resetScaleVisits(dataSource);
      const honours = await resetHonoursScale(dataSource);
      if (honours.rounds) out(`Reset: removed ${fmt(honours.awards)} scale awards, ${fmt(honours.benefits)} benefits, ${fmt(honours.nominations)} nominations, ${honours.rounds} rounds`);
      await resetPartyScale(dataSource, (line) => out(`  ${line}`));
      const removed = await resetScaleData(dataSource, (line) => out(`  ${line}`));
      out(
        `Reset: removed ${fmt(removed.members)} members, ${fmt(removed.enterprises)} enterprises, ${fmt(removed.positions)} positions, ` +
          `${fmt(removed.chambers)} chambers${removed.chambersKept ? ` (kept ${removed.chambersKept} chambers that other data now refers to)` : ''} (${seconds(performance.now() - clock)})`,
      );
      if (removed.members > 0) {
        // Reclaim the dead rows now rather than leave them to autovacuum mid-benchmark.
        clock = performance.now();
        await dataSource.query('VACUUM member, enterprise, member_enterprise, chamber_membership, member_political_role, chamber_position');
        out(`Vacuumed the emptied tables (${seconds(performance.now() - clock)})`);
      }
    }

    if (others > 0 && args.members > 0) out(`Keeping ${fmt(others)} members that the scale seed did not make (the scale data is added next to them)`);
    if (args.members > 0) out(`Seeding ${fmt(args.members)} members with seed ${args.seed} (home region ${config.HOME_REGION_CODE})`);
    const summary = args.members > 0 ? await seedScale(dataSource, { members: args.members, seed: args.seed, config, log: (line) => out(`  ${line}`) }) : undefined;
    if (args.partyMembers > 0) {
      out(`Seeding ${fmt(args.partyMembers)} party members with seed ${args.seed}`);
      const party = await seedPartyScale(dataSource, { partyMembers: args.partyMembers, seed: args.seed, config, log: (line) => out(`  ${line}`) });
      out(`  party done in ${seconds(party.ms)}: ${party.committees} committees, ${fmt(party.units)} units, ${fmt(party.partyMembers)} party members (${fmt(party.linked)} linked), ${party.meetings}+ meetings`);
    }

    if (args.visits > 0 || args.opinions > 0) {
      out(`Seeding ${fmt(args.visits)} visits and ${fmt(args.opinions)} opinions, a campaign of 98 groups and 855 assignments`);
      await seedScaleVisits(dataSource, { visits: args.visits, opinions: args.opinions, seed: args.seed, log: (line) => out(`  ${line}`) });
      await dataSource.query('ANALYZE official, visit, visit_official, visit_member, visit_chamber, feedback, feedback_answer, feedback_event, campaign_assignment');
    }
    let honourLine = '  honours             —      none (--awards 0)';
    if (args.awards > 0) {
      const h = await seedHonoursScale(dataSource, { awards: args.awards, seed: args.seed, log: (line) => out(`  ${line}`) });
      honourLine = `  honours         ${seconds(h.ms).padStart(8)}   ${fmt(h.awards)} awards, ${fmt(h.benefits)} benefits (${fmt(h.settled)} settled), ${fmt(h.nominations)} nominations, ${h.rounds} rounds, ${h.revoked} revoked (honour library)`;
    }

    if (args.projects > 0) {
      out(`Seeding ${fmt(args.projects)} investment projects and ${fmt(args.funding)} funding records`);
      await seedScaleInvestment(dataSource, { projects: args.projects, funding: args.funding, seed: args.seed, homeRegionCode: config.HOME_REGION_CODE, log: (line) => out(`  ${line}`) });
      await dataSource.query('ANALYZE investment_project, funding_record, project_official, project_investor, project_stage_event');
    }

    // Settle the tables as autovacuum would after a bulk load (visibility map, hint bits), so
    // that a benchmark started right away does not share the machine with autovacuum.
    clock = performance.now();
    await dataSource.query('VACUUM member, enterprise, member_enterprise, chamber_membership, member_political_role, chamber, chamber_term, chamber_position');
    const vacuumMs = performance.now() - clock;

    const counts = (await dataSource.query(
      `SELECT (SELECT count(*)::int FROM member) AS member,
              (SELECT count(*)::int FROM enterprise) AS enterprise,
              (SELECT count(*)::int FROM member_enterprise) AS member_enterprise,
              (SELECT count(*)::int FROM chamber_membership) AS chamber_membership,
              (SELECT count(*)::int FROM member_political_role) AS member_political_role,
              (SELECT count(*)::int FROM chamber) AS chamber,
              (SELECT count(*)::int FROM chamber_term) AS chamber_term,
              (SELECT count(*)::int FROM chamber_position) AS chamber_position,
              (SELECT count(*)::int FROM visit) AS visit,
              (SELECT count(*)::int FROM feedback) AS feedback,
              (SELECT count(*)::int FROM honor_award) AS honor_award,
              (SELECT count(*)::int FROM honor_benefit) AS honor_benefit,
              (SELECT count(*)::int FROM audit_event) AS audit_event,
              (SELECT count(*)::int FROM party_organization) AS party_organization,
              (SELECT count(*)::int FROM party_member) AS party_member,
              (SELECT round(avg(completeness), 1)::float FROM member) AS avg_completeness`,
    )) as Record<string, number>[];
    out('');
    if (summary) {
      const t = summary.timings;
      out(`Scale seed ${summary.seed} done in ${seconds(t.total)}:`);
      out(`  chambers        ${seconds(t.chambers).padStart(8)}   ${fmt(summary.chambersCreated)} created, ${fmt(summary.chambersUsed)} in use`);
      out(
        `  members & co.   ${seconds(t.members).padStart(8)}   ${fmt(summary.members)} members, ${fmt(summary.enterprises)} enterprises, ${fmt(summary.memberEnterprises)} links, ` +
          `${fmt(summary.memberships)} memberships (${fmt(summary.pastMemberships)} ended), ${fmt(summary.politicalRoles)} political roles (MemberWriter)`,
      );
      out(`  leadership      ${seconds(t.positions).padStart(8)}   ${fmt(summary.terms)} terms, ${fmt(summary.positions)} positions (MemberWriter)`);
      out(`  indexes         ${seconds(t.indexes).padStart(8)}   secondary indexes of the member tables rebuilt`);
      out(`  analyze         ${seconds(t.analyze).padStart(8)}`);
      out(`  vacuum          ${seconds(vacuumMs).padStart(8)}   (after the seed)`);
      out(`  audit events    ${fmt(summary.auditEvents).padStart(8)}   written by the seed (member.seed, enterprise.seed, chamberPosition.create)`);
    }
    out(honourLine);
    out('Rows in the database now:');
    for (const [table, n] of Object.entries(counts[0])) out(`  ${table.padEnd(22)} ${fmt(n).padStart(10)}`);
    out(`Total ${seconds(performance.now() - started)} (including database start and preparation)`);
    return 0;
  } finally {
    await dataSource?.destroy();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
