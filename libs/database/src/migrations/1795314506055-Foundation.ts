import { MigrationInterface, QueryRunner } from "typeorm";

export class Foundation1795314506055 implements MigrationInterface {
    name = 'Foundation1795314506055'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Hand-written: trigram search (Chinese-aware under the UTF-8 locale).
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`
            CREATE TYPE "public"."user_role" AS ENUM(
                'ADMIN',
                'COUNTY_OFFICER',
                'CHAMBER_SECRETARY',
                'PARTY_OFFICER',
                'PROJECT_OFFICIAL',
                'VIEWER'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "app_user" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(320) NOT NULL,
                "display_name" character varying(100) NOT NULL,
                "password_hash" text NOT NULL,
                "role" "public"."user_role" NOT NULL,
                "county_code" character(6),
                "chamber_id" uuid,
                "party_committee_id" uuid,
                "official_id" uuid,
                "active" boolean NOT NULL DEFAULT true,
                "must_change_password" boolean NOT NULL DEFAULT false,
                "token_version" integer NOT NULL DEFAULT '0',
                "version" integer NOT NULL DEFAULT '1',
                "last_login_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_app_user_email" CHECK (
                    "email" = lower("email")
                    AND position('@' in "email") > 1
                ),
                CONSTRAINT "ck_app_user_county_code" CHECK ("county_code" ~ '^[0-9]{6}$'),
                CONSTRAINT "ck_app_user_scope" CHECK (
                    ("role" = 'COUNTY_OFFICER') = ("county_code" IS NOT NULL)
                    AND ("role" = 'CHAMBER_SECRETARY') = ("chamber_id" IS NOT NULL)
                    AND ("role" = 'PARTY_OFFICER') = ("party_committee_id" IS NOT NULL)
                    AND ("role" = 'PROJECT_OFFICIAL') = ("official_id" IS NOT NULL)
                ),
                CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_active" ON "app_user" ("active", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_role" ON "app_user" ("role", "created_at", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_created" ON "app_user" ("created_at", "id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_app_user_email" ON "app_user" ("email")
        `);
        await queryRunner.query(`
            CREATE TABLE "refresh_token" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "family_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "revoked_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_refresh_token_user" ON "refresh_token" ("user_id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_refresh_token_family" ON "refresh_token" ("family_id")
        `);
        await queryRunner.query(`
            CREATE UNIQUE INDEX "ux_refresh_token_hash" ON "refresh_token" ("token_hash")
        `);
        await queryRunner.query(`
            CREATE TABLE "login_failure" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "email" character varying(320) NOT NULL,
                "ip" character varying(64),
                "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_5df78140d5d3f4afc249d879cdf" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_login_failure_ip" ON "login_failure" ("ip", "failed_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_login_failure_email" ON "login_failure" ("email", "failed_at")
        `);
        await queryRunner.query(`
            CREATE TABLE "seed_run" (
                "name" character varying(100) NOT NULL,
                "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_59a6e9cf76f8ea3c01e2d992f0c" PRIMARY KEY ("name")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "audit_event" (
                "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
                "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "actor_id" uuid,
                "actor_email" character varying(320),
                "actor_role" character varying(32),
                "operation" character varying(64) NOT NULL,
                "entity_type" character varying(64) NOT NULL,
                "entity_id" character varying(64),
                "changes" jsonb NOT NULL,
                "metadata" jsonb,
                "request_id" character varying(64),
                "ip" character varying(64),
                CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_event_occurred_at" ON "audit_event" ("occurred_at")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_event_actor" ON "audit_event" ("actor_id", "id")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_audit_event_entity" ON "audit_event" ("entity_type", "entity_id", "id")
        `);
        // Hand-written: the users `search` filter matches this expression.
        await queryRunner.query(`
            CREATE INDEX "ix_app_user_search_trgm" ON "app_user" USING gin (("email" || ' ' || "display_name") gin_trgm_ops)
        `);
        // Hand-written: the audit trail is append-only, whatever the application does.
        await queryRunner.query(`
            CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
            $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER trg_audit_event_append_only BEFORE UPDATE OR DELETE ON "audit_event"
            FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()
        `);
        await queryRunner.query(`
            CREATE TRIGGER trg_audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
            FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
        `);
        await queryRunner.query(`
            ALTER TABLE "refresh_token"
            ADD CONSTRAINT "fk_refresh_token_user" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "trg_audit_event_no_truncate" ON "audit_event"`);
        await queryRunner.query(`DROP TRIGGER "trg_audit_event_append_only" ON "audit_event"`);
        await queryRunner.query(`DROP FUNCTION audit_event_append_only()`);
        await queryRunner.query(`DROP INDEX "public"."ix_app_user_search_trgm"`);
        await queryRunner.query(`
            ALTER TABLE "refresh_token" DROP CONSTRAINT "fk_refresh_token_user"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_event_entity"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_event_actor"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_audit_event_occurred_at"
        `);
        await queryRunner.query(`
            DROP TABLE "audit_event"
        `);
        await queryRunner.query(`
            DROP TABLE "seed_run"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_login_failure_email"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_login_failure_ip"
        `);
        await queryRunner.query(`
            DROP TABLE "login_failure"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_refresh_token_hash"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_token_family"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_refresh_token_user"
        `);
        await queryRunner.query(`
            DROP TABLE "refresh_token"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ux_app_user_email"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_created"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_role"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_app_user_active"
        `);
        await queryRunner.query(`
            DROP TABLE "app_user"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."user_role"
        `);
    }

}
