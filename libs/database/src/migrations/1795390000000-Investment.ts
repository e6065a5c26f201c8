import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Returning-investment projects (温商回归项目, libs/investment): projects with their investors,
 * enterprises, stage history, funds in place (append-only), officials, notes, problems, service
 * complaints, annual targets and the stall-risk thresholds. Money is numeric(16,2) yuan.
 */
export class Investment1795390000000 implements MigrationInterface {
  name = 'Investment1795390000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE TYPE investment_stage AS ENUM ('LEAD', 'SIGNED', 'STARTED', 'IN_PRODUCTION', 'STALLED', 'CANCELLED')`);
    await q.query(`CREATE TYPE investment_key_level AS ENUM ('CITY', 'COUNTY')`);
    await q.query(`CREATE TYPE funding_source AS ENUM ('OUT_OF_PROVINCE', 'IN_PROVINCE', 'FOREIGN')`);
    await q.query(`CREATE TYPE project_official_role AS ENUM ('LIAISON_LEADER', 'SERVICE_OFFICER')`);
    await q.query(`CREATE TYPE project_issue_category AS ENUM ('LAND', 'APPROVAL', 'FINANCE', 'INFRASTRUCTURE', 'LABOUR', 'OTHER')`);
    await q.query(`CREATE TYPE project_issue_status AS ENUM ('OPEN', 'RESOLVED')`);
    await q.query(`CREATE TYPE service_complaint_status AS ENUM ('RECORDED', 'ASSIGNED', 'HANDLED', 'CLOSED')`);
    await q.query(`CREATE TYPE investment_target_unit AS ENUM ('CITY', 'COUNTY', 'CHAMBER')`);

    await q.query(`
      CREATE TABLE investment_project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        destination_county_code varchar(6) NOT NULL REFERENCES region(code),
        chamber_id uuid REFERENCES chamber(id),
        industry_code varchar(2) CHECK (industry_code ~ '^([A-T]|[0-9]{2})$'),
        key_level investment_key_level,
        is_expansion boolean NOT NULL DEFAULT false,
        total_investment numeric(16,2) NOT NULL CHECK (total_investment >= 0),
        contracted_investment numeric(16,2) CHECK (contracted_investment >= 0),
        land_mu numeric(12,2) CHECK (land_mu >= 0),
        expected_jobs integer CHECK (expected_jobs >= 0),
        stage investment_stage NOT NULL DEFAULT 'LEAD',
        line_stage investment_stage NOT NULL DEFAULT 'LEAD' CHECK (line_stage IN ('LEAD', 'SIGNED', 'STARTED', 'IN_PRODUCTION')),
        stage_reason text,
        lead_on date NOT NULL,
        signed_on date,
        started_on date,
        production_on date,
        stalled_on date,
        cancelled_on date,
        stall_risk boolean NOT NULL DEFAULT false,
        stall_risk_since date,
        created_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_project_line_dates CHECK (signed_on >= lead_on AND started_on >= signed_on AND production_on >= started_on),
        CONSTRAINT ck_project_signed CHECK ((line_stage IN ('SIGNED', 'STARTED', 'IN_PRODUCTION')) = (signed_on IS NOT NULL)),
        CONSTRAINT ck_project_started CHECK ((line_stage IN ('STARTED', 'IN_PRODUCTION')) = (started_on IS NOT NULL)),
        CONSTRAINT ck_project_production CHECK ((line_stage = 'IN_PRODUCTION') = (production_on IS NOT NULL)),
        CONSTRAINT ck_project_stage CHECK (stage = line_stage OR stage IN ('STALLED', 'CANCELLED')),
        CONSTRAINT ck_project_reason CHECK (stage NOT IN ('STALLED', 'CANCELLED') OR (stage_reason IS NOT NULL AND btrim(stage_reason) <> '')),
        CONSTRAINT ck_project_stalled CHECK ((stage = 'STALLED') = (stalled_on IS NOT NULL)),
        CONSTRAINT ck_project_cancelled CHECK ((stage = 'CANCELLED') = (cancelled_on IS NOT NULL)),
        CONSTRAINT ck_project_risk CHECK (stall_risk = (stall_risk_since IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_project_sort ON investment_project (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_project_county ON investment_project (destination_county_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_project_chamber ON investment_project (chamber_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_project_stage ON investment_project (stage, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_project_industry ON investment_project (industry_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_project_key ON investment_project (key_level, created_at DESC, id DESC) WHERE key_level IS NOT NULL`);
    await q.query(`CREATE INDEX ix_project_risk ON investment_project (created_at DESC, id DESC) WHERE stall_risk`);
    await q.query(`CREATE INDEX ix_project_signed ON investment_project (signed_on) WHERE signed_on IS NOT NULL`);

    await q.query(`
      CREATE TABLE project_investor (
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id),
        PRIMARY KEY (project_id, member_id)
      )`);
    await q.query(`CREATE INDEX ix_project_investor_member ON project_investor (member_id)`);
    await q.query(`
      CREATE TABLE project_enterprise (
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        enterprise_id uuid NOT NULL REFERENCES enterprise(id),
        PRIMARY KEY (project_id, enterprise_id)
      )`);
    await q.query(`CREATE INDEX ix_project_enterprise_enterprise ON project_enterprise (enterprise_id)`);

    await q.query(`
      CREATE TABLE project_stage_event (
        id bigserial PRIMARY KEY,
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        from_stage investment_stage,
        to_stage investment_stage NOT NULL,
        on_date date NOT NULL,
        reason text,
        recorded_by uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_project_stage_event ON project_stage_event (project_id, on_date, id)`);

    await q.query(`
      CREATE TABLE funding_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES investment_project(id),
        received_on date NOT NULL,
        amount numeric(16,2) NOT NULL CHECK (amount <> 0),
        source funding_source NOT NULL,
        note text NOT NULL DEFAULT '',
        corrects_id uuid,
        recorded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_funding_project_id UNIQUE (project_id, id),
        CONSTRAINT fk_funding_corrects FOREIGN KEY (project_id, corrects_id) REFERENCES funding_record (project_id, id),
        CONSTRAINT ck_funding_positive CHECK (amount > 0 OR corrects_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_funding_date ON funding_record (received_on) INCLUDE (project_id, amount, source)`);
    await q.query(`CREATE INDEX ix_funding_project ON funding_record (project_id, received_on) INCLUDE (amount, source)`);
    // Append-only: a correction is a new record referring to the one it corrects.
    await q.query(`
      CREATE FUNCTION funding_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'funding records are append-only: record a correction instead' USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER funding_record_append_only BEFORE UPDATE OR DELETE ON funding_record FOR EACH ROW EXECUTE FUNCTION funding_record_append_only()`);
    await q.query(`
      CREATE FUNCTION funding_after_signing() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE signed date;
      BEGIN
        SELECT signed_on INTO signed FROM investment_project WHERE id = NEW.project_id;
        IF signed IS NULL OR NEW.received_on < signed THEN
          RAISE EXCEPTION 'funds in place are recorded only on or after the signing date' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_funding_after_signing';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER funding_after_signing BEFORE INSERT ON funding_record FOR EACH ROW EXECUTE FUNCTION funding_after_signing()`);
    await q.query(`
      CREATE FUNCTION project_signing_keeps_funds() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM funding_record f WHERE f.project_id = NEW.id AND (NEW.signed_on IS NULL OR f.received_on < NEW.signed_on)) THEN
          RAISE EXCEPTION 'the project has funds in place before this signing date' USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_funding_after_signing';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER project_signing_keeps_funds BEFORE UPDATE OF signed_on ON investment_project
      FOR EACH ROW WHEN (NEW.signed_on IS DISTINCT FROM OLD.signed_on) EXECUTE FUNCTION project_signing_keeps_funds()`);

    await q.query(`
      CREATE TABLE project_official (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        official_id uuid NOT NULL REFERENCES official(id),
        role project_official_role NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_project_official_dates CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT ex_project_service_officer EXCLUDE USING gist (project_id WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (role = 'SERVICE_OFFICER')
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_project_current_service_officer ON project_official (project_id) WHERE role = 'SERVICE_OFFICER' AND valid_to IS NULL`);
    await q.query(`CREATE INDEX ix_project_official_project ON project_official (project_id, role, valid_from)`);
    await q.query(`CREATE INDEX ix_project_official_official ON project_official (official_id, project_id) INCLUDE (valid_from, valid_to)`);

    await q.query(`
      CREATE TABLE project_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        written_on date NOT NULL,
        text text NOT NULL CHECK (btrim(text) <> ''),
        author_id uuid,
        official_id uuid REFERENCES official(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_project_note_project ON project_note (project_id, written_on DESC, id)`);

    await q.query(`
      CREATE TABLE project_issue (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        category project_issue_category NOT NULL,
        description text NOT NULL CHECK (btrim(description) <> ''),
        unit varchar(200) NOT NULL CHECK (btrim(unit) <> ''),
        raised_on date NOT NULL,
        status project_issue_status NOT NULL DEFAULT 'OPEN',
        resolved_on date,
        resolution text,
        raised_by uuid,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_project_issue_resolved CHECK ((status = 'RESOLVED') = (resolved_on IS NOT NULL) AND (resolved_on IS NULL OR resolved_on >= raised_on))
      )`);
    await q.query(`CREATE INDEX ix_project_issue_project ON project_issue (project_id, raised_on, id)`);
    await q.query(`CREATE INDEX ix_project_issue_open ON project_issue (raised_on) WHERE status = 'OPEN'`);

    await q.query(`
      CREATE TABLE service_complaint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES investment_project(id) ON DELETE CASCADE,
        complainant varchar(200) NOT NULL CHECK (btrim(complainant) <> ''),
        content text NOT NULL CHECK (btrim(content) <> ''),
        received_on date NOT NULL,
        status service_complaint_status NOT NULL DEFAULT 'RECORDED',
        assigned_unit varchar(200),
        handling text,
        handled_on date,
        result text,
        closed_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_complaint_assigned CHECK (status = 'RECORDED' OR assigned_unit IS NOT NULL),
        CONSTRAINT ck_complaint_handled CHECK ((status IN ('HANDLED', 'CLOSED')) = (handled_on IS NOT NULL) AND handled_on >= received_on),
        CONSTRAINT ck_complaint_closed CHECK ((status = 'CLOSED') = (closed_on IS NOT NULL AND result IS NOT NULL) AND closed_on >= handled_on)
      )`);
    await q.query(`CREATE INDEX ix_complaint_project ON service_complaint (project_id, received_on, id)`);

    await q.query(`
      CREATE TABLE investment_target (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        unit_kind investment_target_unit NOT NULL,
        county_code varchar(6) REFERENCES region(code),
        chamber_id uuid REFERENCES chamber(id),
        funds_target numeric(16,2) NOT NULL CHECK (funds_target > 0),
        new_projects_target integer NOT NULL DEFAULT 0 CHECK (new_projects_target >= 0),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_target_unit CHECK (
          (unit_kind = 'CITY' AND county_code IS NULL AND chamber_id IS NULL) OR
          (unit_kind = 'COUNTY' AND county_code IS NOT NULL AND chamber_id IS NULL) OR
          (unit_kind = 'CHAMBER' AND chamber_id IS NOT NULL AND county_code IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_investment_target ON investment_target (year, unit_kind, coalesce(county_code, ''), coalesce(chamber_id::text, ''))`);

    await q.query(`
      CREATE TABLE investment_stall_setting (
        stage investment_stage PRIMARY KEY CHECK (stage IN ('LEAD', 'SIGNED', 'STARTED', 'IN_PRODUCTION')),
        days integer NOT NULL CHECK (days BETWEEN 1 AND 3650)
      )`);
    await q.query(`INSERT INTO investment_stall_setting (stage, days) VALUES ('LEAD', 90), ('SIGNED', 60), ('STARTED', 60), ('IN_PRODUCTION', 180)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['investment_stall_setting', 'investment_target', 'service_complaint', 'project_issue', 'project_note', 'project_official', 'funding_record', 'project_stage_event', 'project_enterprise', 'project_investor']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP TRIGGER project_signing_keeps_funds ON investment_project`);
    await q.query(`DROP TABLE investment_project`);
    for (const fn of ['funding_record_append_only', 'funding_after_signing', 'project_signing_keeps_funds']) await q.query(`DROP FUNCTION ${fn}()`);
    for (const type of ['investment_target_unit', 'service_complaint_status', 'project_issue_status', 'project_issue_category', 'project_official_role', 'funding_source', 'investment_key_level', 'investment_stage']) {
      await q.query(`DROP TYPE ${type}`);
    }
  }
}
