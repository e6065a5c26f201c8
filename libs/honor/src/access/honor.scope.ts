import { Injectable } from '@nestjs/common';
import { AccessService, ALL_ROWS, Caller, NO_ROWS, Role, RowFilter, RowScope, ScopeSql } from '@crm/auth';

/**
 * `<column> IN (chambers the secretariat keeps)`: the chamber rule's write side (its chamber and
 * those below), so honours follow the same subtree as members do.
 */
function inKeptChambers(access: AccessService, caller: Caller, q: ScopeSql, columns: string[]): RowFilter {
  if (!caller.chamberId) return NO_ROWS;
  const parts = columns.map((column) => {
    const c = q.sub('hc');
    const kept = access.filter('Chamber', 'write', caller, c);
    return `${q.col(column)} IN (SELECT ${c.col('id')} FROM chamber ${c.alias} WHERE ${kept.sql})`;
  });
  return q.filter(`(${parts.join(' OR ')})`);
}

/**
 * `member_id IN (members the caller reads)`: the member rule itself, so a secretariat reads the
 * honours of its own members whoever nominated them (the office, their county).
 */
function ofReadableMembers(access: AccessService, caller: Caller, q: ScopeSql): string | null {
  const m = q.sub('hm');
  const members = access.filter('Member', 'read', caller, m);
  if (members.sql === 'FALSE') return null;
  return `${q.col('member_id')} IN (SELECT ${m.col('id')} FROM member ${m.alias} WHERE ${members.sql})`;
}

/** The secretariat's read rule: its chambers' rows (the given columns) or its members'. */
function secretariatReads(access: AccessService, caller: Caller, q: ScopeSql, columns: string[]): RowFilter {
  const kept = inKeptChambers(access, caller, q, columns);
  const members = ofReadableMembers(access, caller, q);
  if (!members) return kept;
  if (kept.sql === 'FALSE') return q.filter(`(${members})`);
  return q.filter(`(${kept.sql} OR ${members})`);
}

/**
 * Nominations: the office reads and decides all of them; a county office the nominations of
 * members from its county and those it made; a secretariat those its chambers (and the chambers
 * below) made or that name one of them; a viewer only what has been published for public
 * notice (approved or awarded nominations of a published or confirmed round). Nobody else any.
 * Writes (withdrawing) reach what the nominator made; decisions are the office's.
 */
@Injectable()
export class HonorNominationScope implements RowScope<never> {
  readonly entity = 'HonorNomination' as const;
  readonly table = 'honor_nomination';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.Viewer) {
      const r = q.sub('hr');
      return q.filter(
        `(${q.col('status')} IN ('APPROVED', 'AWARDED') AND ${q.col('round_id')} IN (SELECT ${r.col('id')} FROM honor_round ${r.alias} WHERE ${r.col('status')} <> 'NOMINATING'))`,
      );
    }
    if (caller.role === Role.CountyOfficer) {
      if (!caller.countyCode) return NO_ROWS;
      const county = q.param(caller.countyCode);
      return q.filter(`(${q.col('county_code')} = ${county} OR ${q.col('nominating_county_code')} = ${county})`);
    }
    if (caller.role === Role.ChamberSecretary) return secretariatReads(this.access, caller, q, ['nominating_chamber_id', 'chamber_id']);
    return NO_ROWS;
  }

  /** What a nominator may withdraw: the nominations it made (its county office, its chambers). */
  write(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) {
      return caller.countyCode ? q.filter(`${q.col('nominating_county_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
    }
    if (caller.role === Role.ChamberSecretary) return inKeptChambers(this.access, caller, q, ['nominating_chamber_id']);
    return NO_ROWS;
  }
}

/**
 * Awards: the office and viewers read all (awards are public once confirmed); a county office
 * the awards of members from its county; a secretariat the awards of its chambers (and those
 * below) and of members credited to them. Only the office changes awards.
 */
@Injectable()
export class HonorAwardScope implements RowScope<never> {
  readonly entity = 'HonorAward' as const;
  readonly table = 'honor_award';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin || caller.role === Role.Viewer) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) return caller.countyCode ? q.filter(`${q.col('county_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
    if (caller.role === Role.ChamberSecretary) return secretariatReads(this.access, caller, q, ['credited_chamber_id', 'chamber_id']);
    return NO_ROWS;
  }

  write(caller: Caller): RowFilter {
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }
}

/**
 * Benefits due from awards: read with the award they come from, except by viewers (delivery is
 * the office's business, not public); recorded by the office only.
 */
@Injectable()
export class HonorBenefitScope implements RowScope<never> {
  readonly entity = 'HonorBenefit' as const;
  readonly table = 'honor_benefit';

  constructor(private readonly access: AccessService) {
    access.register(this);
  }

  read(caller: Caller, q: ScopeSql): RowFilter {
    if (caller.role === Role.Admin) return ALL_ROWS;
    if (caller.role === Role.CountyOfficer) return caller.countyCode ? q.filter(`${q.col('county_code')} = ${q.param(caller.countyCode)}`) : NO_ROWS;
    if (caller.role === Role.ChamberSecretary) {
      const a = q.sub('ha');
      const awards = this.access.filter('HonorAward', 'read', caller, a);
      if (awards.sql === 'FALSE') return NO_ROWS;
      return q.filter(`${q.col('award_id')} IN (SELECT ${a.col('id')} FROM honor_award ${a.alias} WHERE ${awards.sql})`);
    }
    return NO_ROWS;
  }

  write(caller: Caller): RowFilter {
    return caller.role === Role.Admin ? ALL_ROWS : NO_ROWS;
  }
}
