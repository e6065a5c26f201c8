import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Party work (libs/party): working committees (党工委), party organisations (党组织) with their
 * one parent (一方隶属) and managing bodies (多方管理), party members (党员), relation transfers,
 * organisation life (meetings, attendance) and annual evaluations. Hand-written: the tree rules
 * (exactly one parent, no cycle, no unit under a branch) and the attendance rule are triggers.
 */
export class Party1795360000000 implements MigrationInterface {
  name = 'Party1795360000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE party_committee_status AS ENUM ('ACTIVE', 'DISSOLVED')`);
    await q.query(`CREATE TYPE party_committee_role AS ENUM ('SECRETARY', 'DEPUTY_SECRETARY', 'MEMBER')`);
    await q.query(`CREATE TYPE party_org_kind AS ENUM ('COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH')`);
    await q.query(`CREATE TYPE party_org_status AS ENUM ('ACTIVE', 'DISSOLVED', 'MERGED')`);
    await q.query(`CREATE TYPE party_manager_kind AS ENUM ('HOST_CHAMBER', 'LOCAL_PARTY_COMMITTEE', 'COUNTY_ORGANIZATION_DEPARTMENT', 'WORKING_COMMITTEE', 'OTHER')`);
    await q.query(`CREATE TYPE party_member_standing AS ENUM ('PROBATIONARY', 'FULL')`);
    await q.query(`CREATE TYPE party_member_status AS ENUM ('ACTIVE', 'TRANSFERRED_OUT', 'DECEASED', 'REMOVED')`);
    await q.query(`CREATE TYPE party_transfer_direction AS ENUM ('IN', 'OUT')`);
    await q.query(`CREATE TYPE party_meeting_kind AS ENUM ('GENERAL_ASSEMBLY', 'BRANCH_COMMITTEE', 'GROUP_MEETING', 'PARTY_LECTURE', 'THEMED_DAY', 'LIFE_MEETING', 'DEMOCRATIC_REVIEW')`);
    await q.query(`CREATE TYPE party_meeting_mode AS ENUM ('ON_SITE', 'ONLINE')`);
    await q.query(`CREATE TYPE party_meeting_status AS ENUM ('PLANNED', 'HELD')`);
    await q.query(`CREATE TYPE party_attendance AS ENUM ('PRESENT', 'ON_LEAVE', 'ABSENT')`);
    await q.query(`CREATE TYPE party_evaluation_grade AS ENUM ('EXCELLENT', 'QUALIFIED', 'BASICALLY_QUALIFIED', 'UNQUALIFIED')`);

    await q.query(`
      CREATE TABLE party_working_committee (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name varchar(100) NOT NULL,
        host_chamber_id uuid NOT NULL CONSTRAINT fk_party_committee_host REFERENCES chamber (id),
        province_code char(2) NOT NULL,
        founded_on date,
        dissolved_on date,
        status party_committee_status NOT NULL DEFAULT 'ACTIVE',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_party_committee_name CHECK (char_length(name) BETWEEN 2 AND 100),
        CONSTRAINT ck_party_committee_dissolved CHECK ((status = 'DISSOLVED') = (dissolved_on IS NOT NULL))
      )`);
    // 一省一党工委: one active committee per province.
    await q.query(`CREATE UNIQUE INDEX ux_party_committee_one_per_province ON party_working_committee (province_code) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX ix_party_committee_host ON party_working_committee (host_chamber_id)`);
    await q.query(`CREATE INDEX ix_party_committee_sort ON party_working_committee (province_code, id)`);

    await q.query(`
      CREATE TABLE party_organization (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name varchar(100) NOT NULL,
        kind party_org_kind NOT NULL,
        committee_id uuid CONSTRAINT fk_party_org_committee REFERENCES party_working_committee (id),
        parent_id uuid CONSTRAINT fk_party_org_parent REFERENCES party_organization (id),
        root_committee_id uuid NOT NULL CONSTRAINT fk_party_org_root REFERENCES party_working_committee (id),
        ancestor_ids uuid[] NOT NULL DEFAULT '{}',
        status party_org_status NOT NULL DEFAULT 'ACTIVE',
        merged_into_id uuid CONSTRAINT fk_party_org_merged_into REFERENCES party_organization (id),
        founded_on date,
        dissolved_on date,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_party_org_name CHECK (char_length(name) BETWEEN 2 AND 100),
        CONSTRAINT ck_party_org_one_parent CHECK (num_nonnulls(committee_id, parent_id) = 1),
        CONSTRAINT ck_party_org_merged CHECK ((status = 'MERGED') = (merged_into_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_party_org_parent ON party_organization (parent_id)`);
    await q.query(`CREATE INDEX ix_party_org_committee ON party_organization (committee_id)`);
    await q.query(`CREATE INDEX ix_party_org_root ON party_organization (root_committee_id, name, id)`);
    await q.query(`CREATE INDEX ix_party_org_kind ON party_organization (kind, name, id)`);
    await q.query(`CREATE INDEX ix_party_org_status ON party_organization (status, name, id)`);
    await q.query(`CREATE INDEX ix_party_org_sort ON party_organization (name, id)`);
    await q.query(`CREATE INDEX ix_party_org_ancestors ON party_organization USING gin (ancestor_ids)`);

    // The tree: the root committee and ancestors follow the parent; no cycle; nothing under a branch.
    await q.query(`
      CREATE FUNCTION party_org_place() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE p party_organization%ROWTYPE;
      BEGIN
        IF NEW.parent_id IS NULL THEN
          NEW.ancestor_ids := '{}';
          NEW.root_committee_id := NEW.committee_id;
        ELSE
          SELECT * INTO p FROM party_organization WHERE id = NEW.parent_id;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'party organization % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_party_org_parent';
          END IF;
          IF p.id = NEW.id OR NEW.id = ANY (p.ancestor_ids) THEN
            RAISE EXCEPTION 'party organization % would be its own ancestor', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_party_org_no_cycle';
          END IF;
          IF p.kind IN ('BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH') THEN
            RAISE EXCEPTION 'a branch (%) has no sub-units', p.id USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_party_org_branch_leaf';
          END IF;
          NEW.ancestor_ids := p.ancestor_ids || p.id;
          NEW.root_committee_id := p.root_committee_id;
        END IF;
        IF TG_OP = 'UPDATE' AND NEW.kind IN ('BRANCH', 'JOINT_BRANCH', 'EXPANDED_BRANCH') AND OLD.kind IS DISTINCT FROM NEW.kind
           AND EXISTS (SELECT 1 FROM party_organization c WHERE c.parent_id = NEW.id) THEN
          RAISE EXCEPTION 'party organization % has sub-units and cannot become a branch', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_party_org_branch_leaf';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER trg_party_org_place BEFORE INSERT OR UPDATE ON party_organization FOR EACH ROW EXECUTE FUNCTION party_org_place()`);
    await q.query(`
      CREATE FUNCTION party_org_reparent_children() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.ancestor_ids IS DISTINCT FROM OLD.ancestor_ids OR NEW.root_committee_id IS DISTINCT FROM OLD.root_committee_id THEN
          -- Each child's own BEFORE trigger recomputes its place from this row; recursion walks the subtree.
          UPDATE party_organization SET parent_id = parent_id WHERE parent_id = NEW.id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER trg_party_org_reparent AFTER UPDATE ON party_organization FOR EACH ROW EXECUTE FUNCTION party_org_reparent_children()`);

    await q.query(`
      CREATE TABLE party_organization_chamber (
        organization_id uuid NOT NULL CONSTRAINT fk_party_org_chamber_org REFERENCES party_organization (id) ON DELETE CASCADE,
        chamber_id uuid NOT NULL CONSTRAINT fk_party_org_chamber_chamber REFERENCES chamber (id),
        PRIMARY KEY (organization_id, chamber_id)
      )`);
    await q.query(`CREATE INDEX ix_party_org_chamber_chamber ON party_organization_chamber (chamber_id, organization_id)`);

    await q.query(`
      CREATE TABLE party_organization_manager (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        organization_id uuid NOT NULL CONSTRAINT fk_party_manager_org REFERENCES party_organization (id) ON DELETE CASCADE,
        body_kind party_manager_kind NOT NULL,
        body_name varchar(100) NOT NULL,
        role varchar(200) NOT NULL,
        chamber_id uuid CONSTRAINT fk_party_manager_chamber REFERENCES chamber (id),
        region_code char(6) CONSTRAINT fk_party_manager_region REFERENCES region (code),
        sort_order smallint NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_party_manager_body ON party_organization_manager (organization_id, body_kind, body_name)`);

    await q.query(`
      CREATE TABLE party_member (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        name varchar(30) NOT NULL,
        name_pinyin text NOT NULL,
        gender gender,
        id_number varchar(18) NOT NULL,
        phones varchar(20)[] NOT NULL DEFAULT '{}',
        member_id uuid CONSTRAINT fk_party_member_member REFERENCES member (id),
        joined_on date,
        standing party_member_standing NOT NULL DEFAULT 'FULL',
        relation_county_code char(6) CONSTRAINT fk_party_member_relation_county REFERENCES region (code),
        relation_organization_id uuid CONSTRAINT fk_party_member_relation_org REFERENCES party_organization (id),
        organization_id uuid CONSTRAINT fk_party_member_org REFERENCES party_organization (id),
        mobile boolean NOT NULL DEFAULT false,
        mobile_destination varchar(100),
        mobile_since date,
        status party_member_status NOT NULL DEFAULT 'ACTIVE',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_party_member_name CHECK (char_length(name) BETWEEN 2 AND 30),
        CONSTRAINT ck_party_member_phones CHECK (cardinality(phones) <= 5),
        CONSTRAINT ck_party_member_mobile CHECK (mobile OR (mobile_destination IS NULL AND mobile_since IS NULL))
      )`);
    // One record per person.
    await q.query(`CREATE UNIQUE INDEX ux_party_member_id_number ON party_member (id_number)`);
    await q.query(`CREATE UNIQUE INDEX ux_party_member_member ON party_member (member_id) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_party_member_sort ON party_member (name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_party_member_org ON party_member (organization_id, name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_party_member_relation_org ON party_member (relation_organization_id)`);
    await q.query(`CREATE INDEX ix_party_member_county ON party_member (relation_county_code, name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_party_member_mobile ON party_member (name_pinyin, id) WHERE mobile`);
    // Counts per unit (coverage, roll-ups) read only this index.
    await q.query(`CREATE INDEX ix_party_member_counts ON party_member (organization_id, mobile) WHERE status = 'ACTIVE'`);

    await q.query(`
      CREATE TABLE party_committee_member (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        committee_id uuid NOT NULL CONSTRAINT fk_party_committee_member_committee REFERENCES party_working_committee (id) ON DELETE CASCADE,
        name varchar(30) NOT NULL,
        party_member_id uuid CONSTRAINT fk_party_committee_member_pm REFERENCES party_member (id),
        role party_committee_role NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        CONSTRAINT ck_party_committee_member_term CHECK (ends_on IS NULL OR ends_on > starts_on),
        CONSTRAINT ex_party_committee_one_secretary EXCLUDE USING gist (committee_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&) WHERE (role = 'SECRETARY')
      )`);
    await q.query(`CREATE INDEX ix_party_committee_member_committee ON party_committee_member (committee_id, starts_on)`);
    await q.query(`CREATE INDEX ix_party_committee_member_pm ON party_committee_member (party_member_id)`);

    await q.query(`
      CREATE TABLE party_organization_leader (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        organization_id uuid NOT NULL CONSTRAINT fk_party_leader_org REFERENCES party_organization (id) ON DELETE CASCADE,
        name varchar(30) NOT NULL,
        party_member_id uuid CONSTRAINT fk_party_leader_pm REFERENCES party_member (id),
        role party_committee_role NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        CONSTRAINT ck_party_leader_term CHECK (ends_on IS NULL OR ends_on > starts_on),
        CONSTRAINT ex_party_org_one_secretary EXCLUDE USING gist (organization_id WITH =, daterange(starts_on, ends_on, '[)') WITH &&) WHERE (role = 'SECRETARY')
      )`);
    await q.query(`CREATE INDEX ix_party_leader_org ON party_organization_leader (organization_id, starts_on)`);
    await q.query(`CREATE INDEX ix_party_leader_pm ON party_organization_leader (party_member_id)`);

    await q.query(`
      CREATE TABLE party_relation_transfer (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        party_member_id uuid NOT NULL CONSTRAINT fk_party_transfer_member REFERENCES party_member (id) ON DELETE CASCADE,
        direction party_transfer_direction NOT NULL,
        occurred_on date NOT NULL,
        from_place varchar(100),
        to_place varchar(100),
        organization_id uuid CONSTRAINT fk_party_transfer_org REFERENCES party_organization (id),
        note varchar(500),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_party_transfer_member ON party_relation_transfer (party_member_id, occurred_on)`);

    await q.query(`
      CREATE TABLE party_meeting (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        organization_id uuid NOT NULL CONSTRAINT fk_party_meeting_org REFERENCES party_organization (id),
        kind party_meeting_kind NOT NULL,
        mode party_meeting_mode NOT NULL DEFAULT 'ON_SITE',
        status party_meeting_status NOT NULL,
        held_on date NOT NULL,
        topic varchar(200) NOT NULL,
        minutes text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_party_meeting_minutes CHECK (minutes IS NULL OR char_length(minutes) <= 20000)
      )`);
    await q.query(`CREATE INDEX ix_party_meeting_org ON party_meeting (organization_id, held_on, id)`);

    await q.query(`
      CREATE TABLE party_meeting_attendance (
        meeting_id uuid NOT NULL CONSTRAINT fk_party_attendance_meeting REFERENCES party_meeting (id) ON DELETE CASCADE,
        party_member_id uuid NOT NULL CONSTRAINT fk_party_attendance_member REFERENCES party_member (id),
        attendance party_attendance NOT NULL,
        PRIMARY KEY (meeting_id, party_member_id)
      )`);
    await q.query(`CREATE INDEX ix_party_attendance_member ON party_meeting_attendance (party_member_id)`);
    // Attendance is recorded for members of the meeting's unit (what they attend at the time of recording).
    await q.query(`
      CREATE FUNCTION party_attendance_in_unit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM party_meeting mt JOIN party_member pm ON pm.organization_id = mt.organization_id
          WHERE mt.id = NEW.meeting_id AND pm.id = NEW.party_member_id
        ) THEN
          RAISE EXCEPTION 'party member % does not attend the unit of meeting %', NEW.party_member_id, NEW.meeting_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_party_attendance_in_unit';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER trg_party_attendance_in_unit BEFORE INSERT ON party_meeting_attendance FOR EACH ROW EXECUTE FUNCTION party_attendance_in_unit()`);

    await q.query(`
      CREATE TABLE party_evaluation (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        party_member_id uuid NOT NULL CONSTRAINT fk_party_evaluation_member REFERENCES party_member (id) ON DELETE CASCADE,
        year smallint NOT NULL,
        grade party_evaluation_grade NOT NULL,
        organization_id uuid CONSTRAINT fk_party_evaluation_org REFERENCES party_organization (id),
        note varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_party_evaluation_year CHECK (year BETWEEN 1921 AND 2200)
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_party_evaluation_year ON party_evaluation (party_member_id, year)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['party_evaluation', 'party_meeting_attendance', 'party_meeting', 'party_relation_transfer', 'party_organization_leader', 'party_committee_member', 'party_member', 'party_organization_manager', 'party_organization_chamber', 'party_organization', 'party_working_committee']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION party_attendance_in_unit()`);
    await q.query(`DROP FUNCTION party_org_reparent_children()`);
    await q.query(`DROP FUNCTION party_org_place()`);
    for (const type of ['party_evaluation_grade', 'party_attendance', 'party_meeting_status', 'party_meeting_mode', 'party_meeting_kind', 'party_transfer_direction', 'party_member_status', 'party_member_standing', 'party_manager_kind', 'party_org_status', 'party_org_kind', 'party_committee_role', 'party_committee_status']) {
      await q.query(`DROP TYPE ${type}`);
    }
  }
}
