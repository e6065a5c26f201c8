import { MigrationInterface, QueryRunner } from "typeorm";

/** Spreadsheet imports of members (generated, plus the hand-written partial index). */

export class MemberImports1795329203100 implements MigrationInterface {
    name = 'MemberImports1795329203100'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TYPE "public"."member_import_status" AS ENUM(
                'UPLOADED',
                'VALIDATING',
                'VALIDATED',
                'INVALID',
                'FAILED',
                'COMMITTING',
                'COMMITTED',
                'CANCELLED'
            )
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."member_import_mode" AS ENUM('SKIP', 'UPDATE', 'FILL_EMPTY')
        `);
        await queryRunner.query(`
            CREATE TABLE "member_import" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "created_by" uuid NOT NULL,
                "file_name" character varying(255) NOT NULL,
                "file_size" bigint NOT NULL,
                "stored_file" character varying(255),
                "format" character varying(10),
                "encoding" character varying(20),
                "status" "public"."member_import_status" NOT NULL DEFAULT 'UPLOADED',
                "mode" "public"."member_import_mode",
                "columns" jsonb NOT NULL DEFAULT '[]',
                "ignored_columns" text array NOT NULL DEFAULT '{}',
                "failure" jsonb,
                "total_rows" integer NOT NULL DEFAULT '0',
                "error_rows" integer NOT NULL DEFAULT '0',
                "matched_rows" integer NOT NULL DEFAULT '0',
                "done_rows" integer NOT NULL DEFAULT '0',
                "created_count" integer NOT NULL DEFAULT '0',
                "updated_count" integer NOT NULL DEFAULT '0',
                "skipped_count" integer NOT NULL DEFAULT '0',
                "unchanged_count" integer NOT NULL DEFAULT '0',
                "failed_count" integer NOT NULL DEFAULT '0',
                "commit_cursor" integer NOT NULL DEFAULT '0',
                "attempts" integer NOT NULL DEFAULT '0',
                "lease" uuid,
                "heartbeat_at" TIMESTAMP WITH TIME ZONE,
                "validated_at" TIMESTAMP WITH TIME ZONE,
                "commit_started_at" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                "version" integer NOT NULL DEFAULT '1',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "ck_member_import_counts" CHECK (
                    "total_rows" >= 0
                    AND "error_rows" >= 0
                    AND "done_rows" >= 0
                    AND "done_rows" <= "total_rows"
                ),
                CONSTRAINT "PK_c87b318b8b183d891fec5dce3c8" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_import_status" ON "member_import" ("status")
        `);
        await queryRunner.query(`
            CREATE INDEX "ix_member_import_creator" ON "member_import" ("created_by", "created_at")
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."member_import_action" AS ENUM(
                'CREATED',
                'UPDATED',
                'SKIPPED',
                'UNCHANGED',
                'FAILED'
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "member_import_row" (
                "import_id" uuid NOT NULL,
                "row_number" integer NOT NULL,
                "values" jsonb,
                "errors" jsonb,
                "matched_member_id" uuid,
                "action" "public"."member_import_action",
                "member_id" uuid,
                CONSTRAINT "PK_c7167127c4efe3d31966675462e" PRIMARY KEY ("import_id", "row_number")
            )
        `);
        // Hand-written: the bad rows of an import, in row order (errors list and report).
        await queryRunner.query(`
            CREATE INDEX "ix_member_import_row_errors" ON "member_import_row" ("import_id", "row_number")
            WHERE "errors" IS NOT NULL
        `);
        await queryRunner.query(`
            ALTER TABLE "member_import"
            ADD CONSTRAINT "fk_member_import_creator" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
        await queryRunner.query(`
            ALTER TABLE "member_import_row"
            ADD CONSTRAINT "fk_member_import_row_import" FOREIGN KEY ("import_id") REFERENCES "member_import"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "member_import_row" DROP CONSTRAINT "fk_member_import_row_import"
        `);
        await queryRunner.query(`
            ALTER TABLE "member_import" DROP CONSTRAINT "fk_member_import_creator"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_import_row_errors"
        `);
        await queryRunner.query(`
            DROP TABLE "member_import_row"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_import_action"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_import_creator"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."ix_member_import_status"
        `);
        await queryRunner.query(`
            DROP TABLE "member_import"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_import_mode"
        `);
        await queryRunner.query(`
            DROP TYPE "public"."member_import_status"
        `);
    }

}
