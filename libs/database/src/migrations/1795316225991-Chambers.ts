import { MigrationInterface, QueryRunner } from "typeorm";
import { syncRegionsWith } from "@crm/region";

export class Chambers1795316225991 implements MigrationInterface {
    name = 'Chambers1795316225991'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-written: btree_gist lets the term exclusion constraint compare chamber_id with =.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
        await queryRunner.query(`
            CREATE TYPE "public"."region_level" AS ENUM('PROVINCE', 'PREFECTURE', 'COUNTY')
        `);
        await queryRunner.query(`
            CREATE TABLE "region" (
                "code" character(6) NOT NULL,
                "name" character varying(60) NOT NULL,
                "level" "public"."region_level" NOT NULL,
                "parent_code" character(6),
                "province_code" character(2) NOT NULL,
                "name_pinyin" character varying(200) NOT NULL,
                "name_initials" character varying(60) NOT NULL,
                CONSTRAINT "PK_74f7723fdff738f92929c0056cb" PRIMARY KEY ("code")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_region_province" ON "region" ("province_code", "level")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_region_level" ON "region" ("level", "code")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_region_parent" ON "region" ("parent_code", "code")
        `);
        await queryRunner.query(`
            CREATE TABLE "region_source" (
                "package" character varying(100) NOT NULL,
                "version" character varying(40) NOT NULL,
                "region_count" integer NOT NULL,
                "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_8fb09f154781c01f67c711114a7" PRIMARY KEY ("package")
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."chamber_level" AS ENUM('NATIONAL', 'PROVINCIAL', 'PREFECTURE', 'COUNTY')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."chamber_kind" AS ENUM('REGIONAL', 'INDUSTRY', 'YOUTH')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."chamber_status" AS ENUM('PREPARING', 'ACTIVE', 'MERGED', 'DISSOLVED')
        `);
        await queryRunner.query(`
            CREATE TABLE "chamber" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "name" character varying(100) NOT NULL,
                "short_name" character varying(40),
                "name_pinyin" text NOT NULL,
                "name_initials" text NOT NULL,
                "level" "public"."chamber_level" NOT NULL,
                "kind" "public"."chamber_kind" NOT NULL,
                "region_code" character(6),
                "province_code" character(2),
                "parent_id" uuid,
                "ancestor_ids" uuid array NOT NULL DEFAULT '{}',
                "depth" integer NOT NULL DEFAULT '0',
                "status" "public"."chamber_status" NOT NULL,
                "merged_into_id" uuid,
                "founded_on" date,
                "dissolved_on" date,
                "dual_branded" boolean NOT NULL DEFAULT false,
                "address" character varying(200),
                "phone" character varying(40),
                "email" character varying(320),
                "contact_person" character varying(50),
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_chamber_not_own_parent" CHECK (
                    "parent_id" IS NULL
                    OR "parent_id" <> "id"
                ),
                CONSTRAINT "ck_chamber_region" CHECK (
                    "region_code" IS NOT NULL
                    OR "level" = 'NATIONAL'
                ),
                CONSTRAINT "ck_chamber_merged" CHECK (
                    ("status" = 'MERGED') = ("merged_into_id" IS NOT NULL)
                ),
                CONSTRAINT "PK_cde4a9652dfc250c6184b3f6fb4" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_one_national" ON "chamber" ("level")
            WHERE "level" = 'NATIONAL'
            AND "status" = 'ACTIVE'
            AND "kind" = 'REGIONAL'
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_live_name" ON "chamber" ("name")
            WHERE "status" IN ('PREPARING', 'ACTIVE')
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_one_per_locality" ON "chamber" ("region_code")
            WHERE "status" = 'ACTIVE'
                AND "kind" = 'REGIONAL'
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_merged_into" ON "chamber" ("merged_into_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_province" ON "chamber" ("province_code", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_status" ON "chamber" ("status", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_kind" ON "chamber" ("kind", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_level" ON "chamber" ("level", "name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_sort" ON "chamber" ("name_pinyin", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_region" ON "chamber" ("region_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_parent" ON "chamber" ("parent_id")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."chamber_event_type" AS ENUM(
                'FOUNDED',
                'CONVERTED',
                'MERGED_INTO',
                'ABSORBED',
                'ALLIED',
                'DUAL_BRANDED',
                'RE_ELECTED',
                'DISSOLVED'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "chamber_event" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "chamber_id" uuid NOT NULL,
                "type" "public"."chamber_event_type" NOT NULL,
                "occurred_on" date NOT NULL,
                "related_chamber_id" uuid,
                "note" character varying(500),
                "details" jsonb,
                "actor_id" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_4c1a7a944c47f0f51513716f6b9" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_event_related" ON "chamber_event" ("related_chamber_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_event_chamber" ON "chamber_event" ("chamber_id", "occurred_on", "id")
        `);
        await queryRunner.query(`
            CREATE TABLE "chamber_term" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "chamber_id" uuid NOT NULL,
                "number" integer NOT NULL,
                "starts_on" date NOT NULL,
                "ends_on" date,
                CONSTRAINT "ck_chamber_term_number" CHECK ("number" > 0),
                CONSTRAINT "ck_chamber_term_dates" CHECK (
                    "ends_on" IS NULL
                    OR "ends_on" > "starts_on"
                ),
                CONSTRAINT "ex_chamber_term_overlap" EXCLUDE USING gist (
                    "chamber_id" WITH =,
                    daterange("starts_on", "ends_on", '[)') WITH &&
                ),
                CONSTRAINT "PK_f34f29b494eda59c467625dcc78" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_term_number" ON "chamber_term" ("chamber_id", "number")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."position_type" AS ENUM(
                'HONORARY_PRESIDENT',
                'PRESIDENT',
                'EXECUTIVE_VICE_PRESIDENT',
                'VICE_PRESIDENT',
                'SECRETARY_GENERAL',
                'DEPUTY_SECRETARY_GENERAL',
                'SUPERVISOR_CHAIR',
                'SUPERVISOR',
                'DIRECTOR'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "chamber_position" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "term_id" uuid NOT NULL,
                "chamber_id" uuid NOT NULL,
                "position" "public"."position_type" NOT NULL,
                "member_id" uuid,
                "holder_name" character varying(50) NOT NULL,
                "starts_on" date,
                "ends_on" date,
                "sort_order" integer NOT NULL DEFAULT '0',
                CONSTRAINT "ck_chamber_position_dates" CHECK (
                    "ends_on" IS NULL
                    OR "starts_on" IS NULL
                    OR "ends_on" > "starts_on"
                ),
                CONSTRAINT "PK_eaaca0ba99c3e8d0f11536e336b" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_chamber_position_single" ON "chamber_position" ("term_id", "position")
            WHERE "position" IN (
                    'PRESIDENT',
                    'SECRETARY_GENERAL',
                    'SUPERVISOR_CHAIR'
                )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_position_member" ON "chamber_position" ("member_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_position_chamber" ON "chamber_position" ("chamber_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_position_term" ON "chamber_position" ("term_id", "position")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."guild_hall_status" AS ENUM(
                'PLANNED',
                'UNDER_CONSTRUCTION',
                'BASICALLY_COMPLETE',
                'COMPLETE'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "guild_hall" (
                "chamber_id" uuid NOT NULL,
                "name" character varying(100),
                "status" "public"."guild_hall_status" NOT NULL,
                "planned_on" date,
                "construction_started_on" date,
                "basically_completed_on" date,
                "completed_on" date,
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "ck_guild_hall_dates" CHECK (
                    (
                        "construction_started_on" IS NULL
                        OR "planned_on" IS NULL
                        OR "construction_started_on" >= "planned_on"
                    )
                    AND (
                        "completed_on" IS NULL
                        OR "construction_started_on" IS NULL
                        OR "completed_on" >= "construction_started_on"
                    )
                ),
                CONSTRAINT "PK_66a7acb369b0139f3fefa1c13ef" PRIMARY KEY ("chamber_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_guild_hall_status" ON "guild_hall" ("status", "chamber_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_county" ON "app_user" ("county_code")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_chamber" ON "app_user" ("chamber_id")
        `);
        await queryRunner.query(`
            ALTER TABLE "region"
            ADD CONSTRAINT "fk_region_parent" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber"
            ADD CONSTRAINT "fk_chamber_region" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber"
            ADD CONSTRAINT "fk_chamber_parent" FOREIGN KEY ("parent_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber"
            ADD CONSTRAINT "fk_chamber_merged_into" FOREIGN KEY ("merged_into_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_event"
            ADD CONSTRAINT "fk_chamber_event_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_event"
            ADD CONSTRAINT "fk_chamber_event_related" FOREIGN KEY ("related_chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_term"
            ADD CONSTRAINT "fk_chamber_term_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position"
            ADD CONSTRAINT "fk_chamber_position_term" FOREIGN KEY ("term_id") REFERENCES "chamber_term"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position"
            ADD CONSTRAINT "fk_chamber_position_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "guild_hall"
            ADD CONSTRAINT "fk_guild_hall_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
        // Hand-written: an existing database already has users whose scope the two foreign keys
        // below check. Load the regions here (the loader the server runs at start-up), then take
        // the scope away from accounts that point at no region or no chamber (there were no
        // chambers before this migration): they become disabled viewers, with an audit event
        // each, for an administrator to re-scope.
        await syncRegionsWith(queryRunner.manager);
        await queryRunner.query(`
            WITH orphaned AS (
                UPDATE app_user u
                SET role = 'VIEWER', county_code = NULL, chamber_id = NULL, active = false,
                    token_version = u.token_version + 1, version = u.version + 1
                WHERE (u.chamber_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM chamber c WHERE c.id = u.chamber_id))
                   OR (u.county_code IS NOT NULL AND NOT EXISTS (SELECT 1 FROM region r WHERE r.code = u.county_code))
                RETURNING u.id
            )
            INSERT INTO audit_event (operation, entity_type, entity_id, changes, metadata)
            SELECT 'user.disable', 'User', id::text,
                   '[{"field":"active","before":true,"after":false},{"field":"role","before":null,"after":"VIEWER"}]'::jsonb,
                   '{"reason":"migration Chambers: the account scope pointed at no chamber or region"}'::jsonb
            FROM orphaned
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "fk_app_user_county" FOREIGN KEY ("county_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user"
            ADD CONSTRAINT "fk_app_user_chamber" FOREIGN KEY ("chamber_id") REFERENCES "chamber"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        // ---- Hand-written below: what TypeORM cannot express. ----
        await queryRunner.query(`
            CREATE INDEX "ix_region_search_trgm" ON "region"
            USING gin (("name" || ' ' || "name_pinyin" || ' ' || "name_initials") gin_trgm_ops)
        `);
        await queryRunner.query(`CREATE INDEX "ix_chamber_ancestors" ON "chamber" USING gin ("ancestor_ids")`);
        await queryRunner.query(`
            CREATE INDEX "ix_chamber_search_trgm" ON "chamber"
            USING gin (("name" || ' ' || coalesce("short_name", '') || ' ' || "name_pinyin" || ' ' || "name_initials") gin_trgm_ops)
        `);
        await queryRunner.query(`
            CREATE FUNCTION chamber_level_rank(level chamber_level) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
                SELECT CASE level WHEN 'NATIONAL' THEN 0 WHEN 'PROVINCIAL' THEN 1 WHEN 'PREFECTURE' THEN 2 ELSE 3 END
            $$
        `);
        // The hierarchy's integrity lives here: a parent sits above its child (a regional child
        // strictly; an industry or youth branch may share its parent's level), no cycle can form,
        // and ancestor_ids/depth always match parent_id. Hierarchy changes take turns on an
        // advisory lock so two concurrent moves cannot close a cycle between them.
        await queryRunner.query(`
            CREATE FUNCTION chamber_hierarchy_check() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                parent chamber%ROWTYPE;
            BEGIN
                IF TG_OP = 'UPDATE' AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id
                   AND NEW.level = OLD.level AND NEW.kind = OLD.kind THEN
                    NEW.ancestor_ids := OLD.ancestor_ids;
                    NEW.depth := OLD.depth;
                    RETURN NEW;
                END IF;
                PERFORM pg_advisory_xact_lock(727003);
                IF NEW.parent_id IS NULL THEN
                    NEW.ancestor_ids := '{}';
                    NEW.depth := 0;
                ELSE
                    SELECT * INTO parent FROM chamber WHERE id = NEW.parent_id;
                    IF FOUND THEN
                        IF NEW.id = parent.id OR NEW.id = ANY (parent.ancestor_ids) THEN
                            RAISE EXCEPTION 'chamber % cannot sit below its own descendant %', NEW.id, parent.id
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_chamber_no_cycle';
                        END IF;
                        IF chamber_level_rank(parent.level) > chamber_level_rank(NEW.level)
                           OR (chamber_level_rank(parent.level) = chamber_level_rank(NEW.level) AND NEW.kind = 'REGIONAL') THEN
                            RAISE EXCEPTION 'a % % chamber cannot sit below a % chamber', NEW.level, NEW.kind, parent.level
                                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_chamber_parent_level';
                        END IF;
                        NEW.ancestor_ids := parent.ancestor_ids || parent.id;
                        NEW.depth := parent.depth + 1;
                    END IF;
                END IF;
                IF TG_OP = 'UPDATE' AND EXISTS (
                    SELECT 1 FROM chamber c
                    WHERE c.parent_id = NEW.id
                      AND (chamber_level_rank(c.level) < chamber_level_rank(NEW.level)
                           OR (chamber_level_rank(c.level) = chamber_level_rank(NEW.level) AND c.kind = 'REGIONAL'))
                ) THEN
                    RAISE EXCEPTION 'chamber % would sit at or below the level of its own children', NEW.id
                        USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_chamber_parent_level';
                END IF;
                RETURN NEW;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER trg_chamber_hierarchy_check BEFORE INSERT OR UPDATE OF parent_id, level, kind ON "chamber"
            FOR EACH ROW EXECUTE FUNCTION chamber_hierarchy_check()
        `);
        await queryRunner.query(`
            CREATE FUNCTION chamber_hierarchy_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.ancestor_ids IS DISTINCT FROM OLD.ancestor_ids THEN
                    UPDATE chamber c
                    SET ancestor_ids = NEW.ancestor_ids || NEW.id || c.ancestor_ids[array_position(c.ancestor_ids, NEW.id) + 1:],
                        depth = cardinality(NEW.ancestor_ids) + 1 + cardinality(c.ancestor_ids[array_position(c.ancestor_ids, NEW.id) + 1:])
                    WHERE c.ancestor_ids @> ARRAY[NEW.id];
                END IF;
                RETURN NULL;
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER trg_chamber_hierarchy_propagate AFTER UPDATE OF parent_id ON "chamber"
            FOR EACH ROW EXECUTE FUNCTION chamber_hierarchy_propagate()
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_chamber_hierarchy_propagate" ON "chamber"`);
        await queryRunner.query(`DROP TRIGGER "trg_chamber_hierarchy_check" ON "chamber"`);
        await queryRunner.query(`DROP FUNCTION chamber_hierarchy_propagate()`);
        await queryRunner.query(`DROP FUNCTION chamber_hierarchy_check()`);
        await queryRunner.query(`DROP FUNCTION chamber_level_rank(chamber_level)`);
        await queryRunner.query(`DROP INDEX "public"."ix_chamber_search_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."ix_chamber_ancestors"`);
        await queryRunner.query(`DROP INDEX "public"."ix_region_search_trgm"`);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "fk_app_user_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "app_user" DROP CONSTRAINT "fk_app_user_county"
        `);
        await queryRunner.query(`
            ALTER TABLE "guild_hall" DROP CONSTRAINT "fk_guild_hall_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position" DROP CONSTRAINT "fk_chamber_position_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_position" DROP CONSTRAINT "fk_chamber_position_term"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_term" DROP CONSTRAINT "fk_chamber_term_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_event" DROP CONSTRAINT "fk_chamber_event_related"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber_event" DROP CONSTRAINT "fk_chamber_event_chamber"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber" DROP CONSTRAINT "fk_chamber_merged_into"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber" DROP CONSTRAINT "fk_chamber_parent"
        `);
        await queryRunner.query(`
            ALTER TABLE "chamber" DROP CONSTRAINT "fk_chamber_region"
        `);
        await queryRunner.query(`
            ALTER TABLE "region" DROP CONSTRAINT "fk_region_parent"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_chamber"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_county"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_guild_hall_status"
        `);
        await queryRunner.query(`
            DROP TABLE "guild_hall"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."guild_hall_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_position_term"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_position_chamber"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_position_member"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_position_single"
        `);
        await queryRunner.query(`
            DROP TABLE "chamber_position"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."position_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_term_number"
        `);
        await queryRunner.query(`
            DROP TABLE "chamber_term"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_event_chamber"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_event_related"
        `);
        await queryRunner.query(`
            DROP TABLE "chamber_event"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."chamber_event_type"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_parent"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_region"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_sort"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_level"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_kind"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_status"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_province"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_chamber_merged_into"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_one_per_locality"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_live_name"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_chamber_one_national"
        `);
        await queryRunner.query(`
            DROP TABLE "chamber"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."chamber_status"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."chamber_kind"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."chamber_level"
        `);
        await queryRunner.query(`
            DROP TABLE "region_source"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_region_parent"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_region_level"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_region_province"
        `);
        await queryRunner.query(`
            DROP TABLE "region"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."region_level"
        `);
    }

}
