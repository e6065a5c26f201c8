import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { byKeys, ConnectionResult, keysetPage, localized, requestLoader } from '@crm/shared';
import { GuildHallsArgs } from '../dtos/args/guild-halls.args';
import { GuildHallDto } from '../dtos/guild-hall.dto';
import { SetGuildHallInput } from '../dtos/inputs/set-guild-hall.input';
import { ChamberStatus, GuildHallStatus } from '../entities/chamber.enums';
import { GuildHallEntity } from '../entities/guild-hall.entity';
import { ChamberErrors, chamberStatusText, hallStatusText } from '../exceptions/chamber.errors';
import { ChamberService } from './chamber.service';

const ENTITY = 'GuildHall';
const LIVE: readonly ChamberStatus[] = [ChamberStatus.Preparing, ChamberStatus.Active];

type HallDates = Pick<GuildHallEntity, 'plannedOn' | 'constructionStartedOn' | 'basicallyCompletedOn' | 'completedOn'>;
type DateField = keyof HallDates;

/** The milestones in order; each status requires its own and excludes the later ones. */
const MILESTONES: readonly { field: DateField; status: GuildHallStatus | null; label: string; labelZh: string }[] = [
  { field: 'plannedOn', status: null, label: 'planning (规划)', labelZh: '规划' },
  { field: 'constructionStartedOn', status: GuildHallStatus.UnderConstruction, label: 'start of construction (开工)', labelZh: '开工' },
  { field: 'basicallyCompletedOn', status: GuildHallStatus.BasicallyComplete, label: 'basic completion (基本建成)', labelZh: '基本建成' },
  { field: 'completedOn', status: GuildHallStatus.Complete, label: 'completion (建成)', labelZh: '建成' },
];

/** Index in MILESTONES of the milestone a status has reached (PLANNED: 0). */
const REACHED: Readonly<Record<GuildHallStatus, number>> = {
  [GuildHallStatus.Planned]: 0,
  [GuildHallStatus.UnderConstruction]: 1,
  [GuildHallStatus.BasicallyComplete]: 2,
  [GuildHallStatus.Complete]: 3,
};

function hallSnapshot(g: GuildHallEntity): Record<string, unknown> {
  return {
    name: g.name,
    status: g.status,
    plannedOn: g.plannedOn,
    constructionStartedOn: g.constructionStartedOn,
    basicallyCompletedOn: g.basicallyCompletedOn,
    completedOn: g.completedOn,
  };
}

/**
 * Checks a hall's dates against its status and each other: the status's own milestone date is
 * required (a PLANNED hall's planning date is optional), later milestones must be empty, earlier
 * ones may be unknown, and the dates given never go backwards.
 */
export function checkGuildHallDates(status: GuildHallStatus, dates: HallDates): void {
  const reached = REACHED[status];
  MILESTONES.forEach((m, i) => {
    const value = dates[m.field];
    const milestone = localized(m.label, m.labelZh);
    if (i === reached && m.status && !value) {
      throw ChamberErrors.HALL_MILESTONE_REQUIRED({ status: hallStatusText(status), milestone }, { field: `input.${m.field}` });
    }
    if (i > reached && value) {
      throw ChamberErrors.HALL_MILESTONE_NOT_REACHED({ status: hallStatusText(status), milestone, field: m.field }, { field: `input.${m.field}` });
    }
  });
  let previous: { label: string; labelZh: string; value: string } | null = null;
  for (const m of MILESTONES) {
    const value = dates[m.field];
    if (!value) continue;
    if (previous && value < previous.value) {
      throw ChamberErrors.HALL_DATES_OUT_OF_ORDER(
        { milestone: localized(m.label, m.labelZh), previous: localized(previous.label, previous.labelZh), date: previous.value },
        { field: `input.${m.field}` },
      );
    }
    previous = { label: m.label, labelZh: m.labelZh, value };
  }
}

/** Guild halls (会馆): one per chamber, set with its stage and dates; listed by stage. */
@Injectable()
export class GuildHallService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chambers: ChamberService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the chamber's hall (no version) or changes it (with the hall's version; omitted
   * fields stay, null clears). The chamber must be live and within the caller's scope.
   */
  async set(caller: Caller, chamberId: string, input: SetGuildHallInput): Promise<GuildHallEntity> {
    return this.dataSource.transaction(async (em: EntityManager) => {
      const chamber = await this.chambers.lockForWrite(em, caller, chamberId);
      if (!LIVE.includes(chamber.status)) {
        throw ChamberErrors.CLOSED_FOR_EDITS({ chamber: chamber.name, status: chamberStatusText(chamber.status) }, { field: 'chamberId', extensions: { status: chamber.status } });
      }
      const existing = await em.findOneBy(GuildHallEntity, { chamberId });
      if (existing && input.version === undefined) {
        throw ChamberErrors.HALL_EXISTS(
          { chamber: chamber.name, version: existing.version },
          { field: 'input.version', extensions: { currentVersion: existing.version } },
        );
      }
      if (existing && input.version !== existing.version) {
        throw ChamberErrors.HALL_STALE_VERSION(
          { chamber: chamber.name, current: existing.version, read: input.version as number },
          { field: 'input.version', extensions: { currentVersion: existing.version } },
        );
      }
      if (!existing && input.version !== undefined) {
        throw ChamberErrors.HALL_MISSING({ chamber: chamber.name }, { field: 'input.version' });
      }
      const pick = <K extends keyof SetGuildHallInput & keyof GuildHallEntity>(k: K) =>
        (input[k] !== undefined ? (input[k] ?? null) : (existing?.[k] ?? null)) as GuildHallEntity[K];
      const next = {
        name: pick('name') || null,
        status: input.status,
        plannedOn: pick('plannedOn'),
        constructionStartedOn: pick('constructionStartedOn'),
        basicallyCompletedOn: pick('basicallyCompletedOn'),
        completedOn: pick('completedOn'),
      };
      checkGuildHallDates(next.status, next);
      if (existing) {
        await em.update(GuildHallEntity, { chamberId }, { ...next, version: () => 'version + 1' });
      } else {
        await em.insert(GuildHallEntity, { chamberId, ...next });
      }
      const after = await em.findOneByOrFail(GuildHallEntity, { chamberId });
      await this.audit.record(em, {
        operation: existing ? 'guildHall.update' : 'guildHall.create',
        entityType: ENTITY,
        entityId: chamberId,
        before: existing ? hallSnapshot(existing) : null,
        after: hallSnapshot(after),
      });
      return after;
    });
  }

  /** Halls of the chambers the caller may read, by chamber id (index ix_guild_hall_status for a stage). */
  list(caller: Caller, args: GuildHallsArgs): Promise<ConnectionResult<GuildHallDto>> {
    const qb = this.dataSource.getRepository(GuildHallEntity).createQueryBuilder('g').innerJoin('g.chamber', 'c');
    const scope = this.access.read('Chamber', caller, 'c');
    qb.where(scope.sql, scope.params);
    if (args.status) qb.andWhere('g.status = :status', { status: args.status });
    return keysetPage(qb, { keys: ['g.chamber_id'], direction: 'ASC', first: args.first, after: args.after }, GuildHallDto.from);
  }

  /** The hall of each chamber of a page, or null: one statement per request. */
  load(req: object, chamberId: string): Promise<GuildHallEntity | null> {
    return requestLoader<string, GuildHallEntity | null>(req, 'guildHall.byChamber', async (ids) =>
      byKeys(ids, await this.dataSource.getRepository(GuildHallEntity).findBy({ chamberId: In([...ids]) }), (g) => g.chamberId),
    ).load(chamberId);
  }
}
