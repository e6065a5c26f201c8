import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One completeness rule and one holder name.
 * - `member_missing_fields(…)`: the ten completeness items as one immutable function of a
 *   member's values and whether it has an enterprise and a current chamber. The member writer
 *   inserts new rows with it (so no trigger rewrites them), and `refresh_member_quality` uses
 *   it for rows whose links changed: the rule is written once.
 * - A position linked to a member carries that member's name: the database sets it on every
 *   insert or relink, so a holder name and its member can never disagree.
 */
export class OneMemberWritePath1795340000000 implements MigrationInterface {
  name = 'OneMemberWritePath1795340000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION member_missing_fields(gender gender, birth_date date, id_number text, phones varchar[], wechat text, address text,
                                            hometown_code char(6), current_region_code char(6), has_enterprise boolean, has_chamber boolean)
      RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT array_remove(ARRAY[
          CASE WHEN gender IS NULL THEN 'GENDER' END,
          CASE WHEN birth_date IS NULL THEN 'BIRTH_DATE' END,
          CASE WHEN id_number IS NULL THEN 'ID_NUMBER' END,
          CASE WHEN coalesce(cardinality(phones), 0) = 0 THEN 'PHONE' END,
          CASE WHEN wechat IS NULL THEN 'WECHAT' END,
          CASE WHEN address IS NULL THEN 'ADDRESS' END,
          CASE WHEN hometown_code IS NULL THEN 'HOMETOWN' END,
          CASE WHEN current_region_code IS NULL THEN 'CURRENT_REGION' END,
          CASE WHEN NOT has_enterprise THEN 'ENTERPRISE' END,
          CASE WHEN NOT has_chamber THEN 'CHAMBER' END
        ]::text[], NULL)
      $$
    `);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_member_quality(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE member m SET missing_fields = q.missing, completeness = 10 * (10 - cardinality(q.missing))
        FROM (
          SELECT x.id, member_missing_fields(x.gender, x.birth_date, x.id_number, x.phones, x.wechat, x.address, x.hometown_code, x.current_region_code,
                   EXISTS (SELECT 1 FROM member_enterprise e WHERE e.member_id = x.id),
                   EXISTS (SELECT 1 FROM chamber_membership c WHERE c.member_id = x.id AND c.left_on IS NULL)) AS missing
          FROM member x WHERE x.id = ANY(ids)
        ) AS q
        WHERE m.id = q.id AND (m.missing_fields IS DISTINCT FROM q.missing OR m.completeness <> 10 * (10 - cardinality(q.missing)))
      $$
    `);
    await q.query(`
      CREATE FUNCTION chamber_position_holder_name() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.member_id IS NOT NULL THEN
          SELECT m.name INTO NEW.holder_name FROM member m WHERE m.id = NEW.member_id;
        END IF;
        RETURN NEW;
      END
      $$
    `);
    await q.query(`
      CREATE TRIGGER chamber_position_holder_name BEFORE INSERT OR UPDATE OF member_id, holder_name ON chamber_position
      FOR EACH ROW EXECUTE FUNCTION chamber_position_holder_name()
    `);
    // Positions recorded before this migration with a name that differs from their member's.
    await q.query(`UPDATE chamber_position p SET holder_name = m.name FROM member m WHERE m.id = p.member_id AND p.holder_name <> m.name`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER chamber_position_holder_name ON chamber_position`);
    await q.query(`DROP FUNCTION chamber_position_holder_name()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refresh_member_quality(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE member m SET missing_fields = q.missing, completeness = 10 * (10 - cardinality(q.missing))
        FROM (
          SELECT x.id, array_remove(ARRAY[
            CASE WHEN x.gender IS NULL THEN 'GENDER' END,
            CASE WHEN x.birth_date IS NULL THEN 'BIRTH_DATE' END,
            CASE WHEN x.id_number IS NULL THEN 'ID_NUMBER' END,
            CASE WHEN cardinality(x.phones) = 0 THEN 'PHONE' END,
            CASE WHEN x.wechat IS NULL THEN 'WECHAT' END,
            CASE WHEN x.address IS NULL THEN 'ADDRESS' END,
            CASE WHEN x.hometown_code IS NULL THEN 'HOMETOWN' END,
            CASE WHEN x.current_region_code IS NULL THEN 'CURRENT_REGION' END,
            CASE WHEN NOT EXISTS (SELECT 1 FROM member_enterprise e WHERE e.member_id = x.id) THEN 'ENTERPRISE' END,
            CASE WHEN NOT EXISTS (SELECT 1 FROM chamber_membership c WHERE c.member_id = x.id AND c.left_on IS NULL) THEN 'CHAMBER' END
          ]::text[], NULL) AS missing
          FROM member x WHERE x.id = ANY(ids)
        ) AS q
        WHERE m.id = q.id AND (m.missing_fields IS DISTINCT FROM q.missing OR m.completeness <> 10 * (10 - cardinality(q.missing)))
      $$
    `);
    await q.query(`DROP FUNCTION member_missing_fields(gender, date, text, varchar[], text, text, char(6), char(6), boolean, boolean)`);
  }
}
