import { MigrationInterface, QueryRunner } from "typeorm";

export class Members1795321546361 implements MigrationInterface {
    name = 'Members1795321546361'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."enterprise_size" AS ENUM('LARGE', 'MEDIUM', 'SMALL', 'MICRO')
        `);
        await queryRunner.query(`
            CREATE TABLE "enterprise" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "name_pinyin" text NOT NULL,
                "search_keys" text array NOT NULL DEFAULT '{}',
                "credit_code" character(18),
                "industry_code" character varying(2),
                "region_code" character(6),
                "size" "public"."enterprise_size",
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_enterprise_name" CHECK (char_length("name") >= 2),
                CONSTRAINT "ck_enterprise_industry" CHECK ("industry_code" ~ '^([A-T]|[0-9]{2})$'),
                CONSTRAINT "PK_09687cd306dc5d486c0e227c471" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_enterprise_industry" ON "enterprise" ("industry_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_enterprise_region" ON "enterprise" ("region_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_enterprise_sort" ON "enterprise" ("name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_enterprise_credit_code" ON "enterprise" ("credit_code")
            WHERE "credit_code" IS NOT NULL
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."gender" AS ENUM('MALE', 'FEMALE')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."member_designation" AS ENUM('NEW_GENERATION', 'LEAD_GOOSE')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."member_source" AS ENUM(
                'MANUAL',
                'IMPORT',
                'COUNTY_REPORT',
                'CHAMBER_REPORT',
                'INTEGRATION'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."member_status" AS ENUM('ACTIVE', 'LEFT', 'DECEASED', 'MERGED')
        `);
        await queryRunner.query(`
            CREATE TABLE "member" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(30) NOT NULL,
                "name_pinyin" text NOT NULL,
                "name_initials" text NOT NULL,
                "search_keys" text array NOT NULL DEFAULT '{}',
                "phone_keys" text array NOT NULL DEFAULT '{}',
                "chamber_ids" uuid array NOT NULL DEFAULT '{}',
                "gender" "public"."gender",
                "birth_date" date,
                "id_number" character varying(18),
                "phones" character varying(20) array NOT NULL DEFAULT '{}',
                "wechat" character varying(50),
                "email" character varying(254),
                "address" character varying(200),
                "hometown_code" character(6),
                "current_region_code" character(6),
                "designations" "public"."member_designation" array NOT NULL DEFAULT '{}',
                "tags" character varying(20) array NOT NULL DEFAULT '{}',
                "source" "public"."member_source" NOT NULL DEFAULT 'MANUAL',
                "source_note" character varying(200),
                "registered_by" uuid,
                "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "status" "public"."member_status" NOT NULL DEFAULT 'ACTIVE',
                "merged_into_id" uuid,
                "note" character varying(1000),
                "completeness" smallint NOT NULL DEFAULT '0',
                "missing_fields" text array NOT NULL DEFAULT '{}',
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_member_completeness" CHECK (
                    "completeness" BETWEEN 0 AND 100
                ),
                CONSTRAINT "ck_member_tags" CHECK (cardinality("tags") <= 20),
                CONSTRAINT "ck_member_phones" CHECK (cardinality("phones") <= 5),
                CONSTRAINT "ck_member_name" CHECK (
                    char_length("name") BETWEEN 2 AND 30
                ),
                CONSTRAINT "ck_member_not_merged_into_self" CHECK (
                    "merged_into_id" IS NULL
                    OR "merged_into_id" <> "id"
                ),
                CONSTRAINT "ck_member_merged" CHECK (
                    ("status" = 'MERGED') = ("merged_into_id" IS NOT NULL)
                ),
                CONSTRAINT "PK_97cbbe986ce9d14ca5894fdc072" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_merged_into" ON "member" ("merged_into_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_status" ON "member" ("status", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_hometown" ON "member" ("hometown_code", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_current_region" ON "member" ("current_region_code", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_completeness" ON "member" ("completeness", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_registered" ON "member" ("registered_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_sort" ON "member" ("name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_member_id_number" ON "member" ("id_number")
            WHERE "id_number" IS NOT NULL
                AND "status" <> 'MERGED'
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."enterprise_role" AS ENUM(
                'LEGAL_REPRESENTATIVE',
                'CHAIRMAN',
                'GENERAL_MANAGER',
                'SHAREHOLDER'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "member_enterprise" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "member_id" uuid NOT NULL,
                "enterprise_id" uuid NOT NULL,
                "roles" "public"."enterprise_role" array NOT NULL,
                "sort_order" integer NOT NULL DEFAULT '0',
                CONSTRAINT "ck_member_enterprise_roles" CHECK (cardinality("roles") >= 1),
                CONSTRAINT "PK_4849d52ee4378469e6b1907285b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_enterprise_enterprise" ON "member_enterprise" ("enterprise_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_member_enterprise" ON "member_enterprise" ("member_id", "enterprise_id")
        `);
        await queryRunner.query(`
            CREATE TABLE "chamber_membership" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "member_id" uuid NOT NULL,
                "chamber_id" uuid NOT NULL,
                "joined_on" date,
                "left_on" date,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_chamber_membership_dates" CHECK (
                    "left_on" IS NULL
                    OR "joined_on" IS NULL
                    OR "left_on" >= "joined_on"
                ),
                CONSTRAINT "PK_23cc83e0c50cab33fc4f9f353a9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_membership_current" ON "chamber_membership" ("member_id", "chamber_id")
            WHERE "left_on" IS NULL
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_membership_member" ON "chamber_membership" ("member_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_membership_chamber" ON "chamber_membership" ("chamber_id", "member_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."political_role_kind" AS ENUM('PEOPLES_CONGRESS_DEPUTY', 'CPPCC_MEMBER')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."political_level" AS ENUM('NATIONAL', 'PROVINCIAL', 'PREFECTURE', 'COUNTY')
        `);
        await queryRunner.query(`
            CREATE TABLE "member_political_role" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "member_id" uuid NOT NULL,
                "kind" "public"."political_role_kind" NOT NULL,
                "level" "public"."political_level" NOT NULL,
                "region_code" character(6),
                "term_number" integer,
                "starts_on" date,
                "ends_on" date,
                CONSTRAINT "ck_member_political_role_dates" CHECK (
                    "ends_on" IS NULL
                    OR "starts_on" IS NULL
                    OR "ends_on" > "starts_on"
                ),
                CONSTRAINT "PK_fc15dfef768c156ead7876e35d9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_political_role_kind" ON "member_political_role" ("kind", "level", "member_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_political_role_member" ON "member_political_role" ("member_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position"
            ADD CONSTRAINT "fk_chamber_position_member" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "enterprise"
            ADD CONSTRAINT "fk_enterprise_region" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member"
            ADD CONSTRAINT "fk_member_hometown" FOREIGN KEY ("hometown_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member"
            ADD CONSTRAINT "fk_member_current_region" FOREIGN KEY ("current_region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member"
            ADD CONSTRAINT "fk_member_registered_by" FOREIGN KEY ("registered_by") REFERENCES "app_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member"
            ADD CONSTRAINT "fk_member_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_enterprise"
            ADD CONSTRAINT "fk_member_enterprise_member" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_enterprise"
            ADD CONSTRAINT "fk_member_enterprise_enterprise" FOREIGN KEY ("enterprise_id") REFERENCES "enterprise"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_membership"
            ADD CONSTRAINT "fk_chamber_membership_member" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_membership"
            ADD CONSTRAINT "fk_chamber_membership_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_political_role"
            ADD CONSTRAINT "fk_member_political_role_member" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_political_role"
            ADD CONSTRAINT "fk_member_political_role_region" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // Hand-written from here (TypeORM cannot express functions, GIN and expression indexes).
        // Every suffix of four digits or more of each phone, for "phone ends with" searches.
        await queryRunner.query(`
            CREATE FUNCTION phone_suffixes(phones varchar[]) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT coalesce(array_agg(DISTINCT right(d.digits, n)), '{}')
                FROM (SELECT regexp_replace(p, '\\D', '', 'g') AS digits FROM unnest(phones) AS p) AS d,
                     generate_series(4, char_length(d.digits)) AS n
            $$
        `);
        // The search keys are stored, not indexed expressions: the planner then has statistics
        // for them (most common elements) and a filter on them costs nothing per row, so it can
        // choose well between the GIN index and walking the sort order. With expression indexes
        // it priced the functions as cheap, walked the name order and evaluated them on every
        // row (16 s for a phone suffix over 250,000 members).
        await queryRunner.query(`
            CREATE FUNCTION member_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_keys := search_bigrams(NEW.name || ' ' || NEW.name_pinyin || ' ' || NEW.name_initials);
                NEW.phone_keys := phone_suffixes(NEW.phones);
                RETURN NEW;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER member_search_keys BEFORE INSERT OR UPDATE OF name, name_pinyin, name_initials, phones ON member
            FOR EACH ROW EXECUTE FUNCTION member_search_keys()
        `);
        await queryRunner.query(`
            CREATE FUNCTION enterprise_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_keys := search_bigrams(NEW.name);
                RETURN NEW;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER enterprise_search_keys BEFORE INSERT OR UPDATE OF name ON enterprise
            FOR EACH ROW EXECUTE FUNCTION enterprise_search_keys()
        `);
        // chamber_ids: the chambers a member currently belongs to, with all their ancestors, so
        // "members of this chamber or any below it" is one GIN lookup on member (with statistics)
        // instead of a join per candidate row. Kept by statement-level triggers on memberships
        // and on chamber moves (ancestor_ids changes), one UPDATE per statement.
        await queryRunner.query(`
            CREATE FUNCTION refresh_member_chambers(ids uuid[]) RETURNS void LANGUAGE sql AS $$
                UPDATE member m SET chamber_ids = x.chamber_ids
                FROM (
                    SELECT t.id, coalesce((
                        SELECT array_agg(DISTINCT a ORDER BY a)
                        FROM chamber_membership cm JOIN chamber c ON c.id = cm.chamber_id, unnest(c.ancestor_ids || c.id) AS a
                        WHERE cm.member_id = t.id AND cm.left_on IS NULL
                    ), '{}') AS chamber_ids
                    FROM (SELECT DISTINCT unnest(ids) AS id) AS t
                ) AS x
                WHERE m.id = x.id AND m.chamber_ids IS DISTINCT FROM x.chamber_ids
            $$
        `);
        await queryRunner.query(`
            CREATE FUNCTION chamber_membership_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    PERFORM refresh_member_chambers(array(SELECT member_id FROM new_rows));
                ELSIF TG_OP = 'UPDATE' THEN
                    PERFORM refresh_member_chambers(array(SELECT member_id FROM new_rows UNION SELECT member_id FROM old_rows));
                ELSE
                    PERFORM refresh_member_chambers(array(SELECT member_id FROM old_rows));
                END IF;
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER chamber_membership_inserted AFTER INSERT ON chamber_membership
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_membership_changed()
        `);
        await queryRunner.query(`
            CREATE TRIGGER chamber_membership_updated AFTER UPDATE ON chamber_membership
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_membership_changed()
        `);
        await queryRunner.query(`
            CREATE TRIGGER chamber_membership_deleted AFTER DELETE ON chamber_membership
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_membership_changed()
        `);
        await queryRunner.query(`
            CREATE FUNCTION chamber_ancestors_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM refresh_member_chambers(array(
                    SELECT cm.member_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                    JOIN chamber_membership cm ON cm.chamber_id = n.id AND cm.left_on IS NULL
                    WHERE n.ancestor_ids IS DISTINCT FROM o.ancestor_ids
                ));
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER chamber_ancestors_changed AFTER UPDATE ON chamber
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION chamber_ancestors_changed()
        `);
        await queryRunner.query(`CREATE INDEX "ix_member_chambers" ON "member" USING gin ("chamber_ids")`);
        // The same expression as MemberQueryService's SEARCH_EXPR: the planner matches it textually.
        await queryRunner.query(`
            CREATE INDEX "ix_member_search_trgm" ON "member"
            USING gin (("name" || ' ' || "name_pinyin" || ' ' || "name_initials") gin_trgm_ops)
        `);
        await queryRunner.query(`CREATE INDEX "ix_member_search_bigrams" ON "member" USING gin ("search_keys")`);
        await queryRunner.query(`CREATE INDEX "ix_member_phone_suffixes" ON "member" USING gin ("phone_keys")`);
        await queryRunner.query(`CREATE INDEX "ix_member_designations" ON "member" USING gin ("designations")`);
        await queryRunner.query(`CREATE INDEX "ix_member_tags" ON "member" USING gin ("tags")`);
        await queryRunner.query(`CREATE INDEX "ix_enterprise_name_trgm" ON "enterprise" USING gin ("name" gin_trgm_ops)`);
        await queryRunner.query(`CREATE INDEX "ix_enterprise_name_bigrams" ON "enterprise" USING gin ("search_keys")`);
        // Completeness: ten items, each worth 10 points; the one definition every write path calls.
        await queryRunner.query(`
            CREATE FUNCTION refresh_member_quality(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP FUNCTION refresh_member_quality(uuid[])`);
        await queryRunner.query(`DROP INDEX "public"."ix_enterprise_name_bigrams"`);
        await queryRunner.query(`DROP INDEX "public"."ix_enterprise_name_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_tags"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_designations"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_phone_suffixes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_search_bigrams"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_search_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."ix_member_chambers"`);
        await queryRunner.query(`DROP TRIGGER chamber_ancestors_changed ON chamber`);
        await queryRunner.query(`DROP FUNCTION chamber_ancestors_changed()`);
        await queryRunner.query(`DROP TRIGGER chamber_membership_deleted ON chamber_membership`);
        await queryRunner.query(`DROP TRIGGER chamber_membership_updated ON chamber_membership`);
        await queryRunner.query(`DROP TRIGGER chamber_membership_inserted ON chamber_membership`);
        await queryRunner.query(`DROP FUNCTION chamber_membership_changed()`);
        await queryRunner.query(`DROP FUNCTION refresh_member_chambers(uuid[])`);
        await queryRunner.query(`DROP TRIGGER enterprise_search_keys ON enterprise`);
        await queryRunner.query(`DROP FUNCTION enterprise_search_keys()`);
        await queryRunner.query(`DROP TRIGGER member_search_keys ON member`);
        await queryRunner.query(`DROP FUNCTION member_search_keys()`);
        await queryRunner.query(`DROP FUNCTION phone_suffixes(varchar[])`);
        await queryRunner.query(`
            ALTER TABLE "member_political_role" DROP CONSTRAINT "fk_member_political_role_region"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_political_role" DROP CONSTRAINT "fk_member_political_role_member"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_membership" DROP CONSTRAINT "fk_chamber_membership_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_membership" DROP CONSTRAINT "fk_chamber_membership_member"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_enterprise" DROP CONSTRAINT "fk_member_enterprise_enterprise"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_enterprise" DROP CONSTRAINT "fk_member_enterprise_member"
        `);
        await queryRunner.query(`
            ALTER TABLE "member" DROP CONSTRAINT "fk_member_merged_into"
        `);
        await queryRunner.query(`
            ALTER TABLE "member" DROP CONSTRAINT "fk_member_registered_by"
        `);
        await queryRunner.query(`
            ALTER TABLE "member" DROP CONSTRAINT "fk_member_current_region"
        `);
        await queryRunner.query(`
            ALTER TABLE "member" DROP CONSTRAINT "fk_member_hometown"
        `);
        await queryRunner.query(`
            ALTER TABLE "enterprise" DROP CONSTRAINT "fk_enterprise_region"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position" DROP CONSTRAINT "fk_chamber_position_member"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_political_role_member"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_political_role_kind"
        `);
        await queryRunner.query(`
            DROP TABLE "member_political_role"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."political_level"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."political_role_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_membership_chamber"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_membership_member"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_membership_current"
        `);
        await queryRunner.query(`
            DROP TABLE "chamber_membership"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_member_enterprise"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_enterprise_enterprise"
        `);
        await queryRunner.query(`
            DROP TABLE "member_enterprise"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."enterprise_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_member_id_number"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_sort"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_registered"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_completeness"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_hometown"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_current_region"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_merged_into"
        `);
        await queryRunner.query(`
            DROP TABLE "member"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_source"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_designation"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."gender"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_enterprise_credit_code"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_enterprise_sort"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_enterprise_region"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_enterprise_industry"
        `);
        await queryRunner.query(`
            DROP TABLE "enterprise"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."enterprise_size"
        `);
    }

}
