import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { chamberSubtreeSql } from '@crm/chamber';
import { leanQuery } from '@crm/database';
import { requestLoader } from '@crm/shared';
import { PartyCountsDto, PartyCoverageAreaDto, PartyCoverageDto, PartyUnitKindCountDto } from '../dtos/party-coverage.dto';
import { PartyOrgKind } from '../entities/party.enums';

/** Share of active chambers that should have a party unit (2014 report: 80%). */
export const PARTY_COVERAGE_GOAL = 0.8;
/** 15 working committees in the 2014 report, 8 more to found. */
export const PARTY_COMMITTEE_TARGET = 23;

interface AreaRow {
  province_code: string;
  name: string | null;
  committee_id: string | null;
  committee_name: string | null;
  chambers: number;
  covered: number;
  units: number;
  party_members: number;
  mobile_members: number;
}

interface KindRow {
  kind: PartyOrgKind;
  n: number;
}

const byKind = (rows: KindRow[]): PartyUnitKindCountDto[] => Object.values(PartyOrgKind).map((kind) => ({ kind, count: rows.find((r) => r.kind === kind)?.n ?? 0 }));
const share = (covered: number, total: number): number => (total ? Math.round((covered / total) * 10000) / 10000 : 0);

/**
 * Coverage of the chamber network by party units and the roll-up of party counts per chamber
 * subtree. Both are aggregates (no person, no unit named), read by every role with party access.
 * A unit counts for the province of its working committee; a chamber is covered when an active
 * unit is attached to it.
 */
@Injectable()
export class PartyCoverageService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async coverage(): Promise<PartyCoverageDto> {
    const [row] = await leanQuery<{ areas: AreaRow[] | null; kinds: KindRow[] | null; committees: number; members: number; mobile: number }>(
      this.dataSource,
      `WITH covered_chamber AS (
         SELECT DISTINCT oc.chamber_id FROM party_organization_chamber oc JOIN party_organization o ON o.id = oc.organization_id WHERE o.status = 'ACTIVE'
       ), by_province AS (
         SELECT c.province_code, count(*)::int AS chambers, count(cc.chamber_id)::int AS covered
         FROM chamber c LEFT JOIN covered_chamber cc ON cc.chamber_id = c.id
         WHERE c.status = 'ACTIVE' AND c.province_code IS NOT NULL GROUP BY 1
       ), unit_province AS (
         SELECT o.id, o.kind, w.province_code FROM party_organization o JOIN party_working_committee w ON w.id = o.root_committee_id WHERE o.status = 'ACTIVE'
       ), units AS (
         SELECT province_code, count(*)::int AS units FROM unit_province GROUP BY 1
       ), by_unit AS (
         -- ix_party_member_counts (index-only): one pass over the active party members.
         SELECT organization_id, count(*)::int AS n, count(*) FILTER (WHERE mobile)::int AS mobile FROM party_member WHERE status = 'ACTIVE' GROUP BY 1
       ), members AS (
         SELECT u.province_code, sum(b.n)::int AS party_members, sum(b.mobile)::int AS mobile_members
         FROM by_unit b JOIN unit_province u ON u.id = b.organization_id GROUP BY 1
       ), live AS (
         SELECT province_code, id, name FROM party_working_committee WHERE status = 'ACTIVE'
       ), provinces AS (
         SELECT province_code FROM by_province UNION SELECT province_code FROM live UNION SELECT province_code FROM units
       )
       SELECT
         (SELECT json_agg(json_build_object(
             'province_code', p.province_code, 'name', r.name, 'committee_id', l.id, 'committee_name', l.name,
             'chambers', coalesce(b.chambers, 0), 'covered', coalesce(b.covered, 0), 'units', coalesce(u.units, 0),
             'party_members', coalesce(m.party_members, 0), 'mobile_members', coalesce(m.mobile_members, 0)) ORDER BY p.province_code)
          FROM provinces p LEFT JOIN by_province b USING (province_code) LEFT JOIN units u USING (province_code)
          LEFT JOIN members m USING (province_code) LEFT JOIN live l USING (province_code)
          LEFT JOIN region r ON r.code = p.province_code || '0000') AS areas,
         (SELECT json_agg(json_build_object('kind', kind, 'n', n)) FROM (SELECT kind, count(*)::int AS n FROM unit_province GROUP BY kind) k) AS kinds,
         (SELECT count(*)::int FROM live) AS committees,
         (SELECT coalesce(sum(n), 0)::int FROM by_unit) AS members,
         (SELECT coalesce(sum(mobile), 0)::int FROM by_unit) AS mobile`,
      [],
    );
    const areas: PartyCoverageAreaDto[] = (row.areas ?? []).map((a) => ({
      provinceCode: a.province_code,
      name: a.name,
      committeeId: a.committee_id,
      committeeName: a.committee_name,
      chambers: a.chambers,
      covered: a.covered,
      share: share(a.covered, a.chambers),
      goalMet: a.chambers > 0 && a.covered / a.chambers >= PARTY_COVERAGE_GOAL,
      units: a.units,
      partyMembers: a.party_members,
      mobileMembers: a.mobile_members,
    }));
    const chambers = areas.reduce((n, a) => n + a.chambers, 0);
    const covered = areas.reduce((n, a) => n + a.covered, 0);
    const unitsByKind = byKind(row.kinds ?? []);
    return {
      goal: PARTY_COVERAGE_GOAL,
      chambers,
      covered,
      share: share(covered, chambers),
      goalMet: chambers > 0 && covered / chambers >= PARTY_COVERAGE_GOAL,
      committees: row.committees,
      committeeTarget: PARTY_COMMITTEE_TARGET,
      unitsByKind,
      units: unitsByKind.reduce((n, k) => n + k.count, 0),
      partyMembers: row.members,
      mobileMembers: row.mobile,
      provinces: areas,
      byCommittee: areas.filter((a) => a.committeeId),
    };
  }

  /**
   * Party counts for a chamber subtree (ChamberRollup.party), batched per request: one grouped
   * statement over chamberSubtreeSql() for every chamber of the page.
   */
  rollup(req: object, chamberId: string): Promise<PartyCountsDto> {
    return requestLoader<string, PartyCountsDto>(req, 'party.rollup', async (ids) => {
      const rows = await leanQuery<{ root_id: string; kinds: KindRow[] | null; chambers_with_unit: number; party_members: number; mobile_members: number }>(
        this.dataSource,
        `WITH sub AS (
           SELECT root.id AS root_id, c.id AS chamber_id, c.status AS chamber_status FROM ${chamberSubtreeSql('$1')}
         ), units AS (
           SELECT DISTINCT sub.root_id, o.id, o.kind FROM sub JOIN party_organization_chamber oc ON oc.chamber_id = sub.chamber_id
           JOIN party_organization o ON o.id = oc.organization_id AND o.status = 'ACTIVE'
         ), covered AS (
           SELECT sub.root_id, count(DISTINCT sub.chamber_id)::int AS n FROM sub JOIN party_organization_chamber oc ON oc.chamber_id = sub.chamber_id
           JOIN party_organization o ON o.id = oc.organization_id AND o.status = 'ACTIVE' WHERE sub.chamber_status = 'ACTIVE' GROUP BY 1
         ), people AS (
           SELECT u.root_id, count(*)::int AS party_members, count(*) FILTER (WHERE pm.mobile)::int AS mobile_members
           FROM units u JOIN party_member pm ON pm.organization_id = u.id AND pm.status = 'ACTIVE' GROUP BY 1
         )
         SELECT r.id AS root_id,
                (SELECT json_agg(json_build_object('kind', k.kind, 'n', k.n)) FROM (SELECT kind, count(*)::int AS n FROM units WHERE units.root_id = r.id GROUP BY kind) k) AS kinds,
                coalesce((SELECT n FROM covered WHERE covered.root_id = r.id), 0) AS chambers_with_unit,
                coalesce((SELECT party_members FROM people WHERE people.root_id = r.id), 0) AS party_members,
                coalesce((SELECT mobile_members FROM people WHERE people.root_id = r.id), 0) AS mobile_members
         FROM unnest($1::uuid[]) AS r(id)`,
        [[...ids]],
      );
      const byRoot = new Map(rows.map((r) => [r.root_id, r]));
      return ids.map((id) => {
        const r = byRoot.get(id);
        const unitsByKind = byKind(r?.kinds ?? []);
        return {
          units: unitsByKind.reduce((n, k) => n + k.count, 0),
          unitsByKind,
          chambersWithUnit: r?.chambers_with_unit ?? 0,
          partyMembers: r?.party_members ?? 0,
          mobileMembers: r?.mobile_members ?? 0,
        };
      });
    }).load(chamberId);
  }
}
