import { Injectable } from '@nestjs/common';
import { AccessService, Caller } from '@crm/auth';
import { FieldSelection, leanJson, ReadModel, rowFromJson } from '@crm/shared';
import { ChamberDto } from '../dtos/chamber.dto';
import { ChamberEntity } from '../entities/chamber.entity';

type ChamberRow = Omit<ChamberEntity, 'region' | 'parent' | 'provinceCode' | 'mergedInto'>;

/** The chamber table as other libraries' lean reads see it (see ReadModel). */
export const CHAMBER_READ_MODEL: ReadModel<ChamberRow> = {
  typeName: 'Chamber',
  columns: {
    id: '{a}.id',
    name: '{a}.name',
    shortName: '{a}.short_name',
    namePinyin: '{a}.name_pinyin',
    nameInitials: '{a}.name_initials',
    level: '{a}.level',
    kind: '{a}.kind',
    regionCode: '{a}.region_code',
    parentId: '{a}.parent_id',
    ancestorIds: '{a}.ancestor_ids',
    depth: '{a}.depth',
    status: '{a}.status',
    mergedIntoId: '{a}.merged_into_id',
    foundedOn: '{a}.founded_on',
    dissolvedOn: '{a}.dissolved_on',
    dualBranded: '{a}.dual_branded',
    address: '{a}.address',
    phone: '{a}.phone',
    email: '{a}.email',
    contactPerson: '{a}.contact_person',
    version: '{a}.version',
    createdAt: '{a}.created_at',
    updatedAt: '{a}.updated_at',
  },
  always: ['id'],
  timestamps: ['createdAt', 'updatedAt'],
};

/** A chamber another library reads in its own statement: the SQL, and the DTO from what it returns. */
export interface RelatedChamberSql {
  /** A scalar sub-query: the chamber as JSON, or NULL when it is outside the caller's read scope. */
  sql: string;
  params: Record<string, unknown>;
  toDto(json: Record<string, unknown> | null): ChamberDto | null;
}

/**
 * The chamber library's interface for lean reads of rows that point at a chamber (a membership's
 * chamber): the chamber comes in the reader's statement, under the same read rule as the
 * `chamber` field resolvers apply (outside the caller's scope: null), with only the columns asked.
 */
@Injectable()
export class ChamberReadModel {
  constructor(private readonly access: AccessService) {}

  /**
   * The chamber whose id is `idExpr` (SQL in the reader's statement), with the columns
   * `selection` needs (all of them when it asks for a field the model does not know, such as one
   * with a resolver of its own: that resolver then finds the whole chamber).
   */
  related(caller: Caller, selection: FieldSelection, idExpr: string): RelatedChamberSql {
    const scope = this.access.read('Chamber', caller, '__rc');
    const json = leanJson(CHAMBER_READ_MODEL, '__rc', selection);
    const value = scope.sql === 'TRUE' ? json : `CASE WHEN ${scope.sql} THEN ${json} END`;
    return {
      sql: `(SELECT ${value} FROM chamber __rc WHERE __rc.id = ${idExpr})`,
      params: scope.params,
      toDto: (row) => (row ? ChamberDto.from(rowFromJson(CHAMBER_READ_MODEL, row) as ChamberEntity) : null),
    };
  }
}
