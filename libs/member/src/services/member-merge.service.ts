import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditRecord, AuditService } from '@crm/audit';
import { AccessService, Caller } from '@crm/auth';
import { AppError, ErrorCode, localized, today } from '@crm/shared';
import { MemberMergeField, MemberMergeValueInput, MergeMembersInput } from '../dtos/inputs/merge-members.input';
import { Gender, MAX_PHONES, MAX_TAGS, MemberStatus } from '../entities/member.enums';
import { MemberEntity } from '../entities/member.entity';
import { genderText, MemberErrors } from '../exceptions/member.errors';
import { parseIdNumber } from '../utils/id-number';
import { MemberErrorContext, translateMemberError } from '../utils/member-db-errors';
import { MemberMergeCounts, MemberMergeParticipants } from './member-merge-participant';
import { memberSnapshot, memberValuesOf, MemberWriter } from './member-writer';

const ENTITY = 'Member';

/** The entity property behind each choosable field. */
const PROPERTY = {
  [MemberMergeField.Name]: 'name',
  [MemberMergeField.Gender]: 'gender',
  [MemberMergeField.BirthDate]: 'birthDate',
  [MemberMergeField.IdNumber]: 'idNumber',
  [MemberMergeField.Wechat]: 'wechat',
  [MemberMergeField.Email]: 'email',
  [MemberMergeField.Address]: 'address',
  [MemberMergeField.HometownCode]: 'hometownCode',
  [MemberMergeField.CurrentRegionCode]: 'currentRegionCode',
  [MemberMergeField.Source]: 'source',
  [MemberMergeField.SourceNote]: 'sourceNote',
  [MemberMergeField.Note]: 'note',
  [MemberMergeField.Status]: 'status',
} as const satisfies Record<MemberMergeField, keyof MemberEntity>;

type Property = (typeof PROPERTY)[MemberMergeField];
type Values = { [P in Property]: MemberEntity[P] };

/** A member of the merge as the caller named it: the survivor or `merged[i]`, with its input path. */
interface Participant {
  id: string;
  version: number;
  path: string;
}

/** Where a surviving value came from, for the audit event and for naming the field at fault. */
interface Source {
  member: MemberEntity;
  /** The input path that decided it: the explicit choice (`input.values.2.memberId`) or the member (`input.merged.0.id`). */
  path: string;
  chosen: boolean;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

function union<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (const v of lists.flat()) if (!out.includes(v)) out.push(v);
  return out;
}

/**
 * Merges duplicate members into one (docs/member-exchange.md, "Duplicates and merge"). One
 * transaction: every member is locked (in id order, so two merges cannot deadlock) and checked
 * like a single write (scope, version, not already merged); the registered participants move
 * their rows to the survivor; the merged members become MERGED tombstones pointing to it (and
 * members merged into them earlier are re-pointed, so a tombstone is always one hop from a live
 * member); the survivor takes the chosen values; completeness is recomputed; one `member.merge`
 * event on the survivor and one `member.mergedInto` per tombstone are written. Any refusal
 * rolls everything back.
 */
@Injectable()
export class MemberMergeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly participants: MemberMergeParticipants,
    private readonly audit: AuditService,
    private readonly writer: MemberWriter,
  ) {}

  async merge(caller: Caller, input: MergeMembersInput): Promise<MemberEntity> {
    const people: Participant[] = [
      { id: input.survivor.id, version: input.survivor.version, path: 'input.survivor' },
      ...input.merged.map((m, i) => ({ id: m.id, version: m.version, path: `input.merged.${i}` })),
    ];
    this.checkShape(input, people);
    const ctx: MemberErrorContext = { idNumberField: 'input.survivor.id', membershipField: 'input.survivor.id', enterpriseField: 'input.survivor.id' };
    try {
      return await this.dataSource.transaction((em) => this.run(em, caller, input, people, ctx));
    } catch (error) {
      // Members are locked in id order, but a chamber merge running at the same time takes
      // membership rows first and member rows after (the chamber_ids trigger): PostgreSQL
      // breaks such a deadlock by failing one side, which may be this one. Nothing was written.
      const e = error as { code?: string; driverError?: { code?: string } };
      if (['40P01', '40001'].includes(e.driverError?.code ?? e.code ?? '')) {
        throw MemberErrors.MERGE_CONCURRENT({}, { field: 'input' });
      }
      throw translateMemberError(error, ctx);
    }
  }

  /** Refusals that need no database: the member named twice, the survivor among the merged, a bad choice. */
  private checkShape(input: MergeMembersInput, people: Participant[]): void {
    const seen = new Set<string>([input.survivor.id]);
    input.merged.forEach((m, i) => {
      if (m.id === input.survivor.id) throw MemberErrors.MERGE_INTO_SELF({}, { field: `input.merged.${i}.id` });
      if (seen.has(m.id)) throw MemberErrors.MERGE_NAMED_TWICE({}, { field: `input.merged.${i}.id` });
      seen.add(m.id);
    });
    const fields = new Set<MemberMergeField>();
    (input.values ?? []).forEach((v, i) => {
      if (fields.has(v.field)) throw MemberErrors.MERGE_VALUE_CHOSEN_TWICE({ field: v.field }, { field: `input.values.${i}.field` });
      fields.add(v.field);
      if (!people.some((p) => p.id === v.memberId)) {
        throw MemberErrors.MERGE_VALUE_SOURCE({}, { field: `input.values.${i}.memberId` });
      }
    });
  }

  private async run(em: EntityManager, caller: Caller, input: MergeMembersInput, people: Participant[], ctx: MemberErrorContext): Promise<MemberEntity> {
    const members = await this.lockAll(em, caller, people);
    const [survivor, ...merged] = members;
    const mergedIds = merged.map((m) => m.id);
    const { values, sources } = this.survivingValues(input.values ?? [], people, members);
    const idSource = sources.get('idNumber');
    if (idSource) ctx.idNumberField = idSource.path;
    if (values.idNumber) await this.checkIdNumberFree(em, caller, values.idNumber, members.map((m) => m.id), ctx.idNumberField as string);
    const phones = union([survivor.phones, ...merged.map((m) => m.phones)]);
    const tags = union([survivor.tags, ...merged.map((m) => m.tags)]);

    // Rows of other tables first (each participant keeps its unique indexes), then the
    // tombstones, then the survivor: the ID-number index (non-merged rows only) never sees the
    // survivor and a merged member holding the same number at once.
    const moved: Record<string, MemberMergeCounts> = {};
    for (const participant of this.participants.list()) {
      moved[participant.name] = (await participant.onMemberMerge(em, { caller, survivorId: survivor.id, mergedIds, on: today() })) ?? {};
    }
    const repointed = await em
      .createQueryBuilder()
      .update(MemberEntity)
      .set({ mergedIntoId: survivor.id, version: () => 'version + 1' })
      .where('merged_into_id IN (:...mergedIds)', { mergedIds })
      .returning(['id'])
      .execute();
    const repointedIds = ((repointed.raw ?? []) as { id: string }[]).map((r) => r.id).sort();
    await em.update(MemberEntity, { id: In(mergedIds) }, { status: MemberStatus.Merged, mergedIntoId: survivor.id, version: () => 'version + 1' });
    // Tombstones lost their links to the survivor: their completeness is re-derived too.
    await em.query('SELECT refresh_member_quality($1::uuid[])', [mergedIds]);
    const takenFrom = Object.fromEntries([...sources].filter(([, s]) => s.member.id !== survivor.id).map(([p, s]) => [p, s.member.id]));
    // The survivor through the one write path: version, derived values, scope of the result, audit.
    const before = memberValuesOf(survivor);
    await this.writer.write(em, caller, [
      {
        id: survivor.id,
        before,
        values: {
          ...before,
          ...values,
          phones: phones.slice(0, MAX_PHONES),
          tags: tags.slice(0, MAX_TAGS),
          designations: union([survivor.designations, ...merged.map((m) => m.designations)]),
        },
        audit: {
          operation: 'member.merge',
          metadata: {
            mergedIds,
            values: (input.values ?? []).map((v) => ({ field: v.field, memberId: v.memberId })),
            takenFrom,
            moved,
            repointedIds,
            phonesDropped: Math.max(0, phones.length - MAX_PHONES),
            tagsDropped: Math.max(0, tags.length - MAX_TAGS),
          },
        },
      },
    ]);

    const after = await em.findOneByOrFail(MemberEntity, { id: survivor.id });
    const tombstones = new Map((await em.findBy(MemberEntity, { id: In(mergedIds) })).map((m) => [m.id, m]));
    const records: AuditRecord[] = [
      ...merged.map((m) => ({
        operation: 'member.mergedInto',
        entityType: ENTITY,
        entityId: m.id,
        before: memberSnapshot(m),
        after: memberSnapshot(tombstones.get(m.id) as MemberEntity),
        metadata: { survivorId: survivor.id, mergedIds },
      })),
    ];
    await this.audit.recordMany(em, records);
    return after;
  }

  /**
   * Locks every member in id order and checks each in the order given, as a single write would
   * (MemberService.lockForWrite): NOT_FOUND when the caller may not read it, FORBIDDEN when it
   * may read but not change it, CONFLICT when it is already merged or its version is stale.
   * Returns the members in the order given (survivor first).
   */
  private async lockAll(em: EntityManager, caller: Caller, people: Participant[]): Promise<MemberEntity[]> {
    const ids = people.map((p) => p.id);
    const locked = await em.getRepository(MemberEntity).createQueryBuilder('m').where('m.id IN (:...ids)', { ids }).orderBy('m.id', 'ASC').setLock('pessimistic_write').getMany();
    const byId = new Map(locked.map((m) => [m.id, m]));
    const read = this.access.read('Member', caller, 'm');
    const write = this.access.write('Member', caller, 'm');
    const rights = (await this.select(em, `SELECT m.id, (${read.sql}) AS readable, (${write.sql}) AS writable FROM member m WHERE m.id IN (:...__ids)`, {
      ...read.params,
      ...write.params,
      __ids: ids,
    })) as { id: string; readable: boolean; writable: boolean }[];
    const rightsOf = new Map(rights.map((r) => [r.id, r]));
    return people.map((p) => {
      const member = byId.get(p.id);
      const right = rightsOf.get(p.id);
      if (!member || !right?.readable) throw new AppError(ErrorCode.NotFound, `${ENTITY} ${p.id} was not found`, { entity: ENTITY, field: `${p.path}.id` });
      if (!right.writable) throw MemberErrors.OUTSIDE_SCOPE({ member: member.name }, { field: `${p.path}.id` });
      if (member.status === MemberStatus.Merged) {
        throw MemberErrors.MERGE_ALREADY_MERGED({ member: member.name }, { field: `${p.path}.id`, extensions: { mergedIntoId: member.mergedIntoId } });
      }
      if (member.version !== p.version) {
        throw MemberErrors.STALE_VERSION(
          { name: member.name, current: member.version, read: p.version },
          { field: `${p.path}.version`, extensions: { currentVersion: member.version } },
        );
      }
      return member;
    });
  }

  /**
   * The survivor's single-valued fields: the chosen member's value; else the survivor's; else the
   * first non-empty one among the merged members, in the order given. Birth date and gender
   * follow a valid surviving ID number (an explicit choice that disagrees is refused).
   */
  private survivingValues(choices: MemberMergeValueInput[], people: Participant[], members: MemberEntity[]): { values: Values; sources: Map<Property, Source> } {
    const sources = new Map<Property, Source>();
    for (const field of Object.values(MemberMergeField)) {
      const prop = PROPERTY[field];
      const index = choices.findIndex((c) => c.field === field);
      if (index >= 0) {
        sources.set(prop, { member: members[people.findIndex((p) => p.id === choices[index].memberId)], path: `input.values.${index}.memberId`, chosen: true });
        continue;
      }
      const i = Math.max(0, members.findIndex((m) => !isEmpty(m[prop])));
      sources.set(prop, { member: members[i], path: `${people[i].path}.id`, chosen: false });
    }
    const valueOf = <P extends Property>(prop: P): MemberEntity[P] => (sources.get(prop) as Source).member[prop];
    const values = Object.fromEntries(Object.values(PROPERTY).map((p) => [p, valueOf(p)])) as Values;
    if (values.idNumber) {
      const parsed = parseIdNumber(values.idNumber);
      // A stored number that no longer parses (legacy data) is kept as it is.
      if (parsed.ok) {
        values.idNumber = parsed.value;
        const idGender = parsed.gender === 'MALE' ? Gender.Male : Gender.Female;
        for (const [prop, derived] of [
          ['birthDate', parsed.birthDate],
          ['gender', idGender],
        ] as const) {
          const source = sources.get(prop) as Source;
          const value = values[prop];
          if (source.chosen && value !== null && value !== derived) {
            const what = prop === 'birthDate' ? localized('birth date', '出生日期') : localized('gender', '性别');
            throw MemberErrors.MERGE_VALUE_DISAGREES({ what, value: prop === 'gender' ? genderText(String(value)) : String(value) }, { field: source.path });
          }
        }
        values.birthDate = parsed.birthDate;
        values.gender = idGender;
      }
    }
    return { values, sources };
  }

  /** CONFLICT when a member outside the merge holds the surviving ID number (named if the caller may read it). */
  private async checkIdNumberFree(em: EntityManager, caller: Caller, idNumber: string, ids: string[], field: string): Promise<void> {
    const read = this.access.read('Member', caller, 'm');
    // The lower-case form too: a legacy 33…x is the same number as 33…X.
    const [holder] = (await this.select(
      em,
      `SELECT m.id, (${read.sql}) AS readable FROM member m
       WHERE m.id_number IN (:__idNumber::varchar, lower(:__idNumber::varchar)) AND m.status <> 'MERGED' AND m.id NOT IN (:...__ids)`,
      { ...read.params, __idNumber: idNumber, __ids: ids },
    )) as { id: string; readable: boolean }[];
    if (!holder) return;
    throw MemberErrors.MERGE_ID_NUMBER_TAKEN({}, { field, extensions: holder.readable ? { holderId: holder.id } : {} });
  }

  private select(em: EntityManager, sql: string, params: Record<string, unknown>): Promise<unknown[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params, {});
    return em.query(text, values) as Promise<unknown[]>;
  }
}
