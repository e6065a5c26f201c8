import { AccessService, Caller, Role, ScopeSql } from '@crm/auth';

/**
 * The units a caller acts for, as a condition over a row carrying `chamber_id`, `county_code`
 * and `party_organization_id` (a notice recipient, a meeting invitee). `receiving`: the unit
 * itself only (who acknowledges, submits, registers); otherwise the unit and, for a
 * secretariat, the chambers below it (what it reads). Null: the caller acts for no unit.
 */
export function unitReach(access: AccessService, caller: Caller, q: ScopeSql, receiving: boolean): string | null {
  if (caller.role === Role.CountyOfficer) return caller.countyCode ? `${q.col('county_code')} = ${q.param(caller.countyCode)}` : null;
  if (caller.role === Role.ChamberSecretary) {
    if (!caller.chamberId) return null;
    if (receiving) return `${q.col('chamber_id')} = ${q.param(caller.chamberId)}`;
    const c = q.sub('fc');
    const kept = access.filter('Chamber', 'write', caller, c);
    return `${q.col('chamber_id')} IN (SELECT ${c.col('id')} FROM chamber ${c.alias} WHERE ${kept.sql})`;
  }
  if (caller.role === Role.PartyOfficer) {
    const o = q.sub('fo');
    const orgs = access.filter('PartyOrganization', receiving ? 'write' : 'read', caller, o);
    if (orgs.sql === 'FALSE') return null;
    return `${q.col('party_organization_id')} IN (SELECT ${o.col('id')} FROM party_organization ${o.alias} WHERE ${orgs.sql})`;
  }
  return null;
}

/**
 * What a caller sends as, as a condition over a row carrying `sender_county_code` and
 * `sender_chamber_id` (a notice): its county office, or its chamber (and, when reading, the
 * chambers below it). Null: the caller sends nothing (the office's rows are ALL_ROWS already).
 */
export function senderReach(access: AccessService, caller: Caller, q: ScopeSql, own: boolean): string | null {
  if (caller.role === Role.CountyOfficer) return caller.countyCode ? `${q.col('sender_county_code')} = ${q.param(caller.countyCode)}` : null;
  if (caller.role === Role.ChamberSecretary) {
    if (!caller.chamberId) return null;
    if (own) return `${q.col('sender_chamber_id')} = ${q.param(caller.chamberId)}`;
    const c = q.sub('fs');
    const kept = access.filter('Chamber', 'write', caller, c);
    return `${q.col('sender_chamber_id')} IN (SELECT ${c.col('id')} FROM chamber ${c.alias} WHERE ${kept.sql})`;
  }
  return null;
}

export function either(...parts: (string | null)[]): string | null {
  const kept = parts.filter((p): p is string => !!p);
  return kept.length ? `(${kept.join(' OR ')})` : null;
}
