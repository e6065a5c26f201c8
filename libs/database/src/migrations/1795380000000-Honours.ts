import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honours (libs/honor): the editable catalogue of honour types and the benefits each brings,
 * rounds with their types and quotas, nominations and their review, awards with certificates
 * and revocation, and the benefits due per award tracked to delivery.
 *
 * What the database itself guarantees:
 * - an honour goes to the kind of subject its type names: (honor_type_id, subject_kind) is a
 *   foreign key to the type, and exactly the matching subject column is set;
 * - quotas: a trigger keeps honor_round_type.live_nominations in step with the nominations that
 *   still count (submitted, shortlisted, approved, awarded), and a CHECK keeps it within the
 *   quota. The counter row is updated inside the nominating transaction, so two concurrent
 *   nominations for the last place queue on it and the second fails the CHECK;
 * - one live nomination per subject, round and type; one active award per subject, type and
 *   year; certificate numbers unique per type; one award per nomination;
 * - a revoked award carries its date and reason (and an active one neither).
 */
export class Honours1795380000000 implements MigrationInterface {
  name = 'Honours1795380000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE honor_subject_kind AS ENUM ('MEMBER', 'CHAMBER', 'ENTERPRISE')`);
    await q.query(`CREATE TYPE honor_level AS ENUM ('NATIONAL', 'PROVINCIAL', 'CITY', 'COUNTY')`);
    await q.query(`CREATE TYPE honor_benefit_kind AS ENUM ('POLITICAL', 'ECONOMIC', 'SOCIAL')`);
    await q.query(`CREATE TYPE honor_round_status AS ENUM ('NOMINATING', 'PUBLISHED', 'CONFIRMED')`);
    await q.query(`CREATE TYPE honor_nomination_status AS ENUM ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'AWARDED')`);
    await q.query(`CREATE TYPE honor_award_status AS ENUM ('ACTIVE', 'REVOKED')`);
    await q.query(`CREATE TYPE honor_benefit_status AS ENUM ('DUE', 'DELIVERED', 'DECLINED', 'LAPSED')`);

    await q.query(`
      CREATE TABLE honor_type (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name varchar(60) NOT NULL,
        subject_kind honor_subject_kind NOT NULL,
        awarding_body varchar(100) NOT NULL,
        level honor_level NOT NULL,
        recurs_yearly boolean NOT NULL DEFAULT false,
        quota_per_round integer CHECK (quota_per_round IS NULL OR quota_per_round > 0),
        grants_designation member_designation,
        description text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_honor_type_name UNIQUE (name),
        CONSTRAINT ux_honor_type_kind UNIQUE (id, subject_kind),
        CONSTRAINT ck_honor_type_designation CHECK (grants_designation IS NULL OR subject_kind = 'MEMBER')
      )`);
    await q.query(`
      CREATE TABLE honor_type_benefit (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        honor_type_id uuid NOT NULL REFERENCES honor_type(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        kind honor_benefit_kind NOT NULL,
        yearly boolean NOT NULL DEFAULT false,
        position integer NOT NULL DEFAULT 0,
        retired boolean NOT NULL DEFAULT false,
        CONSTRAINT ux_honor_type_benefit_name UNIQUE (honor_type_id, name)
      )`);

    await q.query(`
      CREATE TABLE honor_round (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name varchar(100) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
        held_on date,
        status honor_round_status NOT NULL DEFAULT 'NOMINATING',
        notice_starts_on date,
        notice_ends_on date,
        confirmed_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_honor_round_name UNIQUE (name),
        CONSTRAINT ck_honor_round_notice CHECK (
          (status = 'NOMINATING') OR (notice_starts_on IS NOT NULL AND notice_ends_on IS NOT NULL AND notice_ends_on >= notice_starts_on)),
        CONSTRAINT ck_honor_round_confirmed CHECK ((status = 'CONFIRMED') = (confirmed_on IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE honor_round_type (
        round_id uuid NOT NULL REFERENCES honor_round(id) ON DELETE CASCADE,
        honor_type_id uuid NOT NULL REFERENCES honor_type(id),
        quota integer CHECK (quota IS NULL OR quota > 0),
        live_nominations integer NOT NULL DEFAULT 0,
        PRIMARY KEY (round_id, honor_type_id),
        CONSTRAINT ck_honor_round_type_quota CHECK (quota IS NULL OR live_nominations <= quota)
      )`);

    const subjectColumns = `
        subject_kind honor_subject_kind NOT NULL,
        member_id uuid REFERENCES member(id),
        chamber_id uuid REFERENCES chamber(id),
        enterprise_id uuid REFERENCES enterprise(id),
        subject_id uuid GENERATED ALWAYS AS (coalesce(member_id, chamber_id, enterprise_id)) STORED`;
    const subjectCheck = (table: string) => `
        CONSTRAINT ck_${table}_subject CHECK (
          (subject_kind = 'MEMBER' AND member_id IS NOT NULL AND chamber_id IS NULL AND enterprise_id IS NULL)
          OR (subject_kind = 'CHAMBER' AND chamber_id IS NOT NULL AND member_id IS NULL AND enterprise_id IS NULL)
          OR (subject_kind = 'ENTERPRISE' AND enterprise_id IS NOT NULL AND member_id IS NULL AND chamber_id IS NULL)),
        CONSTRAINT fk_${table}_type_kind FOREIGN KEY (honor_type_id, subject_kind) REFERENCES honor_type(id, subject_kind)`;

    await q.query(`
      CREATE TABLE honor_nomination (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        round_id uuid NOT NULL,
        honor_type_id uuid NOT NULL,
        ${subjectColumns},
        county_code varchar(6),
        nominating_chamber_id uuid REFERENCES chamber(id),
        nominating_county_code varchar(6),
        reason text NOT NULL,
        facts text,
        status honor_nomination_status NOT NULL DEFAULT 'SUBMITTED',
        decision_reason text,
        reviewed_by uuid REFERENCES app_user(id),
        reviewer_email varchar(320),
        reviewed_at timestamptz,
        nominated_by uuid REFERENCES app_user(id),
        nominated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT fk_honor_nomination_round_type FOREIGN KEY (round_id, honor_type_id) REFERENCES honor_round_type(round_id, honor_type_id),
        CONSTRAINT ck_honor_nomination_rejected CHECK (status <> 'REJECTED' OR decision_reason IS NOT NULL),
        ${subjectCheck('honor_nomination')}
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_honor_nomination_live ON honor_nomination (round_id, honor_type_id, subject_id)
                   WHERE status IN ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED')`);
    await q.query(`CREATE INDEX ix_honor_nomination_round ON honor_nomination (round_id, nominated_at, id)`);
    await q.query(`CREATE INDEX ix_honor_nomination_list ON honor_nomination (nominated_at, id)`);
    await q.query(`CREATE INDEX ix_honor_nomination_status ON honor_nomination (status, nominated_at, id)`);
    await q.query(`CREATE INDEX ix_honor_nomination_member ON honor_nomination (member_id) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_nomination_chamber ON honor_nomination (chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_nomination_enterprise ON honor_nomination (enterprise_id) WHERE enterprise_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_nomination_nominating_chamber ON honor_nomination (nominating_chamber_id) WHERE nominating_chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_nomination_county ON honor_nomination (county_code)`);
    await q.query(`CREATE INDEX ix_honor_nomination_nominating_county ON honor_nomination (nominating_county_code) WHERE nominating_county_code IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_nomination_type ON honor_nomination (honor_type_id)`);

    // The quota counter: every change of a nomination's counting status moves it by one.
    await q.query(`
      CREATE FUNCTION honor_nomination_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was boolean := TG_OP <> 'INSERT' AND OLD.status IN ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED');
        now_live boolean := TG_OP <> 'DELETE' AND NEW.status IN ('SUBMITTED', 'SHORTLISTED', 'APPROVED', 'AWARDED');
      BEGIN
        IF was AND (NOT now_live OR OLD.round_id <> NEW.round_id OR OLD.honor_type_id <> NEW.honor_type_id) THEN
          UPDATE honor_round_type SET live_nominations = live_nominations - 1 WHERE round_id = OLD.round_id AND honor_type_id = OLD.honor_type_id;
        END IF;
        IF now_live AND (NOT was OR OLD.round_id <> NEW.round_id OR OLD.honor_type_id <> NEW.honor_type_id) THEN
          UPDATE honor_round_type SET live_nominations = live_nominations + 1 WHERE round_id = NEW.round_id AND honor_type_id = NEW.honor_type_id;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`CREATE TRIGGER trg_honor_nomination_count AFTER INSERT OR DELETE OR UPDATE OF status, round_id, honor_type_id ON honor_nomination
                   FOR EACH ROW EXECUTE FUNCTION honor_nomination_count()`);

    await q.query(`
      CREATE TABLE honor_award (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        honor_type_id uuid NOT NULL,
        ${subjectColumns},
        year integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
        round_id uuid REFERENCES honor_round(id),
        nomination_id uuid REFERENCES honor_nomination(id),
        citation text,
        certificate_no varchar(40) NOT NULL,
        awarded_on date NOT NULL,
        county_code varchar(6),
        credited_chamber_id uuid REFERENCES chamber(id),
        status honor_award_status NOT NULL DEFAULT 'ACTIVE',
        revoked_on date,
        revoke_reason text,
        revoked_by uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ux_honor_award_certificate UNIQUE (honor_type_id, certificate_no),
        CONSTRAINT ux_honor_award_nomination UNIQUE (nomination_id),
        CONSTRAINT ck_honor_award_revoked CHECK ((status = 'REVOKED') = (revoked_on IS NOT NULL AND revoke_reason IS NOT NULL)),
        ${subjectCheck('honor_award')}
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_honor_award_active ON honor_award (honor_type_id, subject_id, year) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX ix_honor_award_list ON honor_award (year, id)`);
    await q.query(`CREATE INDEX ix_honor_award_type ON honor_award (honor_type_id, year, id)`);
    await q.query(`CREATE INDEX ix_honor_award_round ON honor_award (round_id) WHERE round_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_award_member ON honor_award (member_id) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_award_chamber ON honor_award (chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_award_enterprise ON honor_award (enterprise_id) WHERE enterprise_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_honor_award_county ON honor_award (county_code, year)`);
    await q.query(`CREATE INDEX ix_honor_award_credited_chamber ON honor_award (credited_chamber_id) WHERE credited_chamber_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE honor_benefit (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        award_id uuid NOT NULL REFERENCES honor_award(id),
        type_benefit_id uuid NOT NULL REFERENCES honor_type_benefit(id),
        name varchar(100) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 1949 AND 2100),
        county_code varchar(6),
        status honor_benefit_status NOT NULL DEFAULT 'DUE',
        delivered_on date,
        delivered_by uuid REFERENCES app_user(id),
        note text,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ux_honor_benefit UNIQUE (award_id, type_benefit_id, year),
        CONSTRAINT ck_honor_benefit_delivered CHECK ((status = 'DELIVERED') = (delivered_on IS NOT NULL))
      )`);
    // Benefits outstanding by county: an index-only scan, already in (county, award) order for the distinct count.
    await q.query(`CREATE INDEX ix_honor_benefit_due_county ON honor_benefit (county_code, award_id) INCLUDE (year) WHERE status = 'DUE'`);
    await q.query(`CREATE INDEX ix_honor_benefit_list ON honor_benefit (year, id)`);
    await q.query(`CREATE INDEX ix_honor_benefit_status ON honor_benefit (status, year, id)`);
    await q.query(`CREATE INDEX ix_honor_benefit_type_benefit ON honor_benefit (type_benefit_id, year)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE honor_benefit`);
    await q.query(`DROP TABLE honor_award`);
    await q.query(`DROP TRIGGER trg_honor_nomination_count ON honor_nomination`);
    await q.query(`DROP FUNCTION honor_nomination_count()`);
    await q.query(`DROP TABLE honor_nomination`);
    await q.query(`DROP TABLE honor_round_type`);
    await q.query(`DROP TABLE honor_round`);
    await q.query(`DROP TABLE honor_type_benefit`);
    await q.query(`DROP TABLE honor_type`);
    for (const t of ['honor_benefit_status', 'honor_award_status', 'honor_nomination_status', 'honor_round_status', 'honor_benefit_kind', 'honor_level', 'honor_subject_kind']) {
      await q.query(`DROP TYPE ${t}`);
    }
  }
}
