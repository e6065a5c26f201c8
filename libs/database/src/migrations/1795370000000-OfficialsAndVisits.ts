import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Officials (干部), visits (走访), opinions and requests (意见建议) followed to a response, and
 * campaigns (活动) with groups and assignments. The rules that must hold whoever writes are here:
 * one leader per visit (a partial unique index, and a deferred constraint trigger for "at least
 * one" at commit), the opinion state machine (a trigger refuses any other transition), a
 * satisfaction only on a closed opinion, an assignment listed once per campaign, a visit
 * completing at most one assignment, and `app_user.official_id` pointing at an official.
 */
export class OfficialsAndVisits1795370000000 implements MigrationInterface {
  name = 'OfficialsAndVisits1795370000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE official_level AS ENUM ('CITY', 'COUNTY')`);
    await q.query(`
      CREATE TABLE official (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(40) NOT NULL,
        name_pinyin text NOT NULL,
        name_initials text NOT NULL,
        title varchar(100) NOT NULL,
        unit varchar(200) NOT NULL,
        level official_level NOT NULL,
        county_code varchar(6) REFERENCES region(code),
        phone varchar(40),
        active boolean NOT NULL DEFAULT true,
        search_keys text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_official_county CHECK ((level = 'COUNTY') = (county_code IS NOT NULL)),
        CONSTRAINT ck_official_name CHECK (char_length(btrim(name)) >= 2)
      )`);
    // The same search keys as members and chambers: the pairs of name, pinyin, initials and unit.
    await q.query(`
      CREATE FUNCTION official_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_keys := search_bigrams(NEW.name || ' ' || NEW.name_pinyin || ' ' || NEW.name_initials || ' ' || NEW.unit);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER official_search_keys BEFORE INSERT OR UPDATE OF name, name_pinyin, name_initials, unit ON official FOR EACH ROW EXECUTE FUNCTION official_search_keys()`);
    await q.query(`CREATE INDEX ix_official_search_trgm ON official USING gin ((name || ' ' || name_pinyin || ' ' || name_initials || ' ' || unit) gin_trgm_ops)`);
    await q.query(`CREATE INDEX ix_official_search_bigrams ON official USING gin (search_keys)`);
    await q.query(`CREATE INDEX ix_official_sort ON official (name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_official_county ON official (county_code, name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_official_level ON official (level, name_pinyin, id)`);
    await q.query(`CREATE INDEX ix_app_user_official ON app_user (official_id) WHERE official_id IS NOT NULL`);
    // Accounts of project officials point at officials that did not exist before this table:
    // they become disabled viewers, with an audit event each, for an administrator to re-scope.
    await q.query(`
      WITH orphaned AS (
        UPDATE app_user u
        SET role = 'VIEWER', official_id = NULL, active = false, token_version = u.token_version + 1, version = u.version + 1
        WHERE u.official_id IS NOT NULL
        RETURNING u.id
      )
      INSERT INTO audit_event (operation, entity_type, entity_id, changes, metadata)
      SELECT 'user.disable', 'User', id::text,
             '[{"field":"active","before":true,"after":false},{"field":"role","before":"PROJECT_OFFICIAL","after":"VIEWER"}]'::jsonb,
             '{"reason":"migration OfficialsAndVisits: the account scope pointed at no official"}'::jsonb
      FROM orphaned`);
    await q.query(`ALTER TABLE app_user ADD CONSTRAINT fk_app_user_official FOREIGN KEY (official_id) REFERENCES official(id) ON DELETE RESTRICT`);

    await q.query(`CREATE TYPE visit_kind AS ENUM ('SERVICE', 'CONDOLENCE', 'SEMINAR', 'PROMOTION', 'HOME_INSPECTION', 'INTRODUCED_DELEGATION')`);
    await q.query(`CREATE TYPE visit_direction AS ENUM ('OUTBOUND', 'INBOUND')`);
    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        description text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_campaign_period CHECK (ends_on >= starts_on),
        CONSTRAINT uq_campaign_name UNIQUE (name)
      )`);
    await q.query(`
      CREATE TABLE campaign_group (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        county_code varchar(6) REFERENCES region(code),
        CONSTRAINT uq_campaign_group_name UNIQUE (campaign_id, name)
      )`);
    await q.query(`
      CREATE TABLE campaign_group_leader (
        group_id uuid NOT NULL REFERENCES campaign_group(id) ON DELETE CASCADE,
        official_id uuid NOT NULL REFERENCES official(id),
        PRIMARY KEY (group_id, official_id)
      )`);
    await q.query(`CREATE INDEX ix_campaign_group_leader_official ON campaign_group_leader (official_id)`);
    await q.query(`
      CREATE TABLE campaign_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        campaign_id uuid NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES campaign_group(id) ON DELETE CASCADE,
        member_id uuid REFERENCES member(id),
        chamber_id uuid REFERENCES chamber(id),
        person_name varchar(100),
        note varchar(200),
        CONSTRAINT ck_campaign_assignment_one_target CHECK (num_nonnulls(member_id, chamber_id, person_name) = 1)
      )`);
    // Listed once per campaign, whichever group lists them.
    await q.query(`CREATE UNIQUE INDEX uq_campaign_assignment_member ON campaign_assignment (campaign_id, member_id) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_campaign_assignment_chamber ON campaign_assignment (campaign_id, chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX uq_campaign_assignment_person ON campaign_assignment (campaign_id, person_name) WHERE person_name IS NOT NULL`);
    await q.query(`CREATE INDEX ix_campaign_assignment_group ON campaign_assignment (group_id, id)`);
    await q.query(`CREATE INDEX ix_campaign_assignment_member ON campaign_assignment (member_id) WHERE member_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_campaign_assignment_chamber ON campaign_assignment (chamber_id) WHERE chamber_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visited_on date NOT NULL,
        kind visit_kind NOT NULL,
        direction visit_direction NOT NULL,
        place varchar(200) NOT NULL,
        summary text NOT NULL DEFAULT '',
        follow_ups text[] NOT NULL DEFAULT '{}',
        assignment_id uuid REFERENCES campaign_assignment(id) ON DELETE SET NULL,
        created_by uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_visit_date CHECK (visited_on >= DATE '1990-01-01')
      )`);
    // A visit recorded against an assignment completes it; one visit per assignment.
    await q.query(`CREATE UNIQUE INDEX uq_visit_assignment ON visit (assignment_id) WHERE assignment_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_visit_date ON visit (visited_on DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_visit_kind ON visit (kind, visited_on DESC, id DESC)`);
    // A visit date is never in the future (checked on write; CHECK cannot name CURRENT_DATE).
    await q.query(`
      CREATE FUNCTION visit_not_future() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.visited_on > CURRENT_DATE THEN
          RAISE EXCEPTION 'visit date % is in the future', NEW.visited_on USING ERRCODE = '23514', CONSTRAINT = 'ck_visit_not_future';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER visit_not_future BEFORE INSERT OR UPDATE OF visited_on ON visit FOR EACH ROW EXECUTE FUNCTION visit_not_future()`);

    await q.query(`
      CREATE TABLE visit_official (
        visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
        official_id uuid NOT NULL REFERENCES official(id),
        leads boolean NOT NULL DEFAULT false,
        PRIMARY KEY (visit_id, official_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_visit_one_leader ON visit_official (visit_id) WHERE leads`);
    await q.query(`CREATE INDEX ix_visit_official_official ON visit_official (official_id, visit_id)`);
    // At least one leader, checked when the transaction commits (the rows arrive one by one).
    await q.query(`
      CREATE FUNCTION visit_has_leader() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v uuid;
      BEGIN
        IF TG_TABLE_NAME = 'visit' THEN
          v := NEW.id;
        ELSIF TG_OP = 'DELETE' THEN
          v := OLD.visit_id;
        ELSE
          v := NEW.visit_id;
        END IF;
        IF EXISTS (SELECT 1 FROM visit WHERE id = v)
           AND NOT EXISTS (SELECT 1 FROM visit_official WHERE visit_id = v AND leads) THEN
          RAISE EXCEPTION 'visit % has no leader', v USING ERRCODE = '23514', CONSTRAINT = 'ck_visit_one_leader';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER visit_has_leader AFTER INSERT ON visit DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION visit_has_leader()`);
    await q.query(`CREATE CONSTRAINT TRIGGER visit_official_has_leader AFTER UPDATE OR DELETE ON visit_official DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION visit_has_leader()`);

    await q.query(`
      CREATE TABLE visit_chamber (
        visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
        chamber_id uuid NOT NULL REFERENCES chamber(id),
        PRIMARY KEY (visit_id, chamber_id)
      )`);
    await q.query(`CREATE INDEX ix_visit_chamber_chamber ON visit_chamber (chamber_id, visit_id)`);
    await q.query(`
      CREATE TABLE visit_member (
        visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id),
        PRIMARY KEY (visit_id, member_id)
      )`);
    await q.query(`CREATE INDEX ix_visit_member_member ON visit_member (member_id, visit_id)`);
    await q.query(`
      CREATE TABLE visit_enterprise (
        visit_id uuid NOT NULL REFERENCES visit(id) ON DELETE CASCADE,
        enterprise_id uuid NOT NULL REFERENCES enterprise(id),
        PRIMARY KEY (visit_id, enterprise_id)
      )`);
    await q.query(`CREATE INDEX ix_visit_enterprise_enterprise ON visit_enterprise (enterprise_id)`);

    await q.query(`CREATE TYPE feedback_category AS ENUM ('POLICY', 'LAND', 'FINANCE', 'TALENT', 'RIGHTS', 'SERVICES', 'OTHER')`);
    await q.query(`CREATE TYPE feedback_status AS ENUM ('OPEN', 'ASSIGNED', 'ANSWERED', 'CLOSED')`);
    await q.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        visit_id uuid REFERENCES visit(id),
        raised_by_member_id uuid REFERENCES member(id),
        raised_by_chamber_id uuid REFERENCES chamber(id),
        raised_on date NOT NULL,
        category feedback_category NOT NULL,
        text text NOT NULL,
        status feedback_status NOT NULL DEFAULT 'OPEN',
        assignee_unit varchar(200),
        assignee_official_id uuid REFERENCES official(id),
        county_code varchar(6) REFERENCES region(code),
        due_on date,
        satisfaction smallint,
        first_answered_at timestamptz,
        closed_at timestamptz,
        created_by uuid REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_feedback_raiser CHECK (num_nonnulls(visit_id, raised_by_member_id, raised_by_chamber_id) >= 1),
        CONSTRAINT ck_feedback_text CHECK (char_length(btrim(text)) > 0),
        CONSTRAINT ck_feedback_assignee CHECK (status = 'OPEN' OR assignee_unit IS NOT NULL OR assignee_official_id IS NOT NULL),
        CONSTRAINT ck_feedback_satisfaction CHECK (satisfaction IS NULL OR (status = 'CLOSED' AND satisfaction BETWEEN 1 AND 5)),
        CONSTRAINT ck_feedback_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
      )`);
    // The state machine: open → assigned → answered → closed; reopened to assigned or open.
    await q.query(`
      CREATE FUNCTION feedback_transition() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
             (OLD.status = 'OPEN' AND NEW.status IN ('ASSIGNED', 'ANSWERED'))
          OR (OLD.status = 'ASSIGNED' AND NEW.status = 'ANSWERED')
          OR (OLD.status = 'ANSWERED' AND NEW.status = 'CLOSED')
          OR (OLD.status = 'CLOSED' AND NEW.status IN ('OPEN', 'ASSIGNED'))) THEN
          RAISE EXCEPTION 'opinion % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = '23514', CONSTRAINT = 'ck_feedback_transition';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER feedback_transition BEFORE UPDATE OF status ON feedback FOR EACH ROW EXECUTE FUNCTION feedback_transition()`);
    await q.query(`CREATE INDEX ix_feedback_status ON feedback (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_feedback_created ON feedback (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_feedback_category ON feedback (category, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_feedback_overdue ON feedback (due_on) WHERE status IN ('OPEN', 'ASSIGNED')`);
    await q.query(`CREATE INDEX ix_feedback_visit ON feedback (visit_id) WHERE visit_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_feedback_member ON feedback (raised_by_member_id) WHERE raised_by_member_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_feedback_chamber ON feedback (raised_by_chamber_id) WHERE raised_by_chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_feedback_official ON feedback (assignee_official_id) WHERE assignee_official_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_feedback_county ON feedback (county_code, created_at DESC, id DESC) WHERE county_code IS NOT NULL`);

    await q.query(`
      CREATE TABLE feedback_answer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        feedback_id uuid NOT NULL REFERENCES feedback(id),
        text text NOT NULL,
        answered_on date NOT NULL,
        author_official_id uuid REFERENCES official(id),
        author_name varchar(100) NOT NULL,
        created_by uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_feedback_answer_text CHECK (char_length(btrim(text)) > 0)
      )`);
    await q.query(`CREATE INDEX ix_feedback_answer_feedback ON feedback_answer (feedback_id, created_at)`);
    await q.query(`
      CREATE TABLE feedback_event (
        id bigserial PRIMARY KEY,
        feedback_id uuid NOT NULL REFERENCES feedback(id),
        action varchar(20) NOT NULL,
        from_status feedback_status,
        to_status feedback_status NOT NULL,
        actor_id uuid REFERENCES app_user(id),
        note text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_feedback_event_feedback ON feedback_event (feedback_id, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE feedback_event`);
    await q.query(`DROP TABLE feedback_answer`);
    await q.query(`DROP TABLE feedback`);
    await q.query(`DROP FUNCTION feedback_transition()`);
    await q.query(`DROP TYPE feedback_status`);
    await q.query(`DROP TYPE feedback_category`);
    await q.query(`DROP TABLE visit_enterprise`);
    await q.query(`DROP TABLE visit_member`);
    await q.query(`DROP TABLE visit_chamber`);
    await q.query(`DROP TABLE visit_official`);
    await q.query(`DROP TABLE visit`);
    await q.query(`DROP FUNCTION visit_has_leader()`);
    await q.query(`DROP FUNCTION visit_not_future()`);
    await q.query(`DROP TABLE campaign_assignment`);
    await q.query(`DROP TABLE campaign_group_leader`);
    await q.query(`DROP TABLE campaign_group`);
    await q.query(`DROP TABLE campaign`);
    await q.query(`DROP TYPE visit_direction`);
    await q.query(`DROP TYPE visit_kind`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT fk_app_user_official`);
    await q.query(`DROP INDEX ix_app_user_official`);
    await q.query(`DROP TABLE official`);
    await q.query(`DROP FUNCTION official_search_keys()`);
    await q.query(`DROP TYPE official_level`);
  }
}
