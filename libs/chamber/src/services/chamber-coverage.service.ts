import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, Caller } from '@crm/auth';
import { ChamberCoverageDto, CoverageLocalityDto, ProvinceCoverageDto } from '../dtos/chamber-coverage.dto';

/** The share of prefecture-level localities the network aims to cover. */
export const COVERAGE_GOAL = 0.8;

/** Mainland provinces: GB/T 2260 codes 11 to 65 (71 Taiwan, 81 Hong Kong, 82 Macau are outside coverage). */
const MAINLAND = `BETWEEN '11' AND '65'`;

interface ProvinceRow {
  province_code: string;
  name: string;
  municipality: boolean;
  localities: number;
  covered: number;
  provincial_chamber: boolean;
  uncovered: CoverageLocalityDto[];
  national_chamber: boolean;
  below_provincial: number;
}

/**
 * Coverage of the mainland's prefecture-level localities by active regional chambers, per
 * province and overall, and the 1+31+X shape of the network. One statement.
 *
 * A locality is a PREFECTURE region, or a mainland province without PREFECTURE children (a
 * municipality) as a whole. It is covered by an ACTIVE REGIONAL chamber whose region is the
 * prefecture or a COUNTY whose parent it is; for a municipality, by one anywhere in it (the
 * municipality's own chamber, provincial in level, included).
 */
@Injectable()
export class ChamberCoverageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  async coverage(caller: Caller): Promise<ChamberCoverageDto> {
    const scope = this.access.read('Chamber', caller, 'c');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH mainland AS (
         SELECT p.code, p.name, p.province_code,
                NOT EXISTS (SELECT 1 FROM region x WHERE x.parent_code = p.code AND x.level = 'PREFECTURE') AS municipality
         FROM region p
         WHERE p.level = 'PROVINCE' AND p.province_code ${MAINLAND}
       ),
       locality AS (
         SELECT r.code, r.name, r.province_code
         FROM region r JOIN mainland m ON m.province_code = r.province_code AND NOT m.municipality
         WHERE r.level = 'PREFECTURE'
         UNION ALL
         SELECT m.code, m.name, m.province_code FROM mainland m WHERE m.municipality
       ),
       active AS (
         SELECT c.level, m.province_code,
                CASE WHEN m.municipality THEN m.code
                     WHEN r.level = 'PREFECTURE' THEN r.code
                     WHEN r.level = 'COUNTY' THEN r.parent_code
                END AS locality_code
         FROM chamber c
         JOIN region r ON r.code = c.region_code
         JOIN mainland m ON m.province_code = r.province_code
         WHERE c.status = 'ACTIVE' AND c.kind = 'REGIONAL' AND ${scope.sql}
       ),
       covered AS (SELECT DISTINCT locality_code AS code FROM active),
       provincial AS (SELECT DISTINCT province_code FROM active WHERE level = 'PROVINCIAL')
       SELECT m.province_code, m.name, m.municipality,
              count(l.code)::int AS localities,
              count(cv.code)::int AS covered,
              EXISTS (SELECT 1 FROM provincial pr WHERE pr.province_code = m.province_code) AS provincial_chamber,
              coalesce(json_agg(json_build_object('code', l.code, 'name', l.name) ORDER BY l.code)
                         FILTER (WHERE l.code IS NOT NULL AND cv.code IS NULL), '[]') AS uncovered,
              EXISTS (SELECT 1 FROM chamber c
                      WHERE c.level = 'NATIONAL' AND c.kind = 'REGIONAL' AND c.status = 'ACTIVE' AND ${scope.sql}) AS national_chamber,
              (SELECT count(*)::int FROM chamber c
               WHERE c.level IN ('PREFECTURE', 'COUNTY') AND c.kind = 'REGIONAL' AND c.status = 'ACTIVE' AND ${scope.sql}) AS below_provincial
       FROM mainland m
       LEFT JOIN locality l ON l.province_code = m.province_code
       LEFT JOIN covered cv ON cv.code = l.code
       GROUP BY m.province_code, m.name, m.municipality
       ORDER BY m.province_code`,
      scope.params,
      {},
    );
    const rows = (await this.dataSource.query(sql, params)) as ProvinceRow[];

    const provinces: ProvinceCoverageDto[] = rows.map((r) => ({
      provinceCode: r.province_code,
      name: r.name,
      municipality: r.municipality,
      localities: r.localities,
      covered: r.covered,
      ...share(r.covered, r.localities),
      provincialChamber: r.provincial_chamber,
      uncovered: r.uncovered,
    }));
    const localities = sum(provinces.map((p) => p.localities));
    const covered = sum(provinces.map((p) => p.covered));
    return {
      goal: COVERAGE_GOAL,
      localities,
      covered,
      ...share(covered, localities),
      network: {
        nationalChamber: rows[0]?.national_chamber ?? false,
        provincialChambers: provinces.filter((p) => p.provincialChamber).length,
        provinces: provinces.length,
        belowProvincial: rows[0]?.below_provincial ?? 0,
      },
      provinces,
    };
  }
}

function share(covered: number, localities: number): { share: number; goalMet: boolean } {
  // Compared in integers so that exactly 80% meets the goal whatever the float rounding.
  return { share: localities ? covered / localities : 0, goalMet: localities > 0 && covered * 100 >= localities * COVERAGE_GOAL * 100 };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
