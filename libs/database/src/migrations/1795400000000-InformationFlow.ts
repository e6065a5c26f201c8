import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Information flow (issue 16, docs/information-flow.md): notices with their kept recipients,
 * receipts, reminders and returns; requests upward with their desk routing, thread and history;
 * meetings with invitees and registrations (capacity held by a lock on the meeting row and a
 * per-meeting unique seat number, so two registrations can never take the same last place).
 */
export class InformationFlow1795400000000 implements MigrationInterface {
  name = 'InformationFlow1795400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE notice_priority AS ENUM ('NORMAL', 'URGENT')`);
    await q.query(`CREATE TYPE flow_sender_kind AS ENUM ('OFFICE', 'COUNTY', 'CHAMBER')`);
    await q.query(`CREATE TYPE flow_recipient_kind AS ENUM ('CHAMBER', 'COUNTY', 'PARTY_ORGANIZATION')`);
    await q.query(`
      CREATE TABLE notice (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        title varchar(200) NOT NULL,
        body text NOT NULL,
        priority notice_priority NOT NULL DEFAULT 'NORMAL',
        deadline timestamptz,
        sender_kind flow_sender_kind NOT NULL,
        sender_county_code char(6),
        sender_chamber_id uuid REFERENCES chamber(id),
        target jsonb NOT NULL,
        return_form jsonb,
        recipient_count integer NOT NULL DEFAULT 0,
        sent_by uuid NOT NULL REFERENCES app_user(id),
        sent_at timestamptz NOT NULL DEFAULT now(),
        last_reminded_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_notice_title CHECK (char_length(btrim(title)) > 0),
        CONSTRAINT ck_notice_sender CHECK (
          (sender_kind = 'OFFICE' AND sender_county_code IS NULL AND sender_chamber_id IS NULL)
          OR (sender_kind = 'COUNTY' AND sender_county_code IS NOT NULL AND sender_chamber_id IS NULL)
          OR (sender_kind = 'CHAMBER' AND sender_chamber_id IS NOT NULL AND sender_county_code IS NULL)),
        CONSTRAINT ck_notice_return_deadline CHECK (return_form IS NULL OR deadline IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_notice_sent ON notice (sent_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_notice_sender_county ON notice (sender_county_code, sent_at DESC) WHERE sender_county_code IS NOT NULL`);
    await q.query(`CREATE INDEX ix_notice_sender_chamber ON notice (sender_chamber_id, sent_at DESC) WHERE sender_chamber_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notice_recipient (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        kind flow_recipient_kind NOT NULL,
        chamber_id uuid REFERENCES chamber(id),
        county_code char(6),
        party_organization_id uuid REFERENCES party_organization(id),
        label varchar(200) NOT NULL,
        member_ids uuid[] NOT NULL DEFAULT '{}',
        read_at timestamptz,
        read_by uuid REFERENCES app_user(id),
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES app_user(id),
        reminder_count integer NOT NULL DEFAULT 0,
        last_reminded_at timestamptz,
        CONSTRAINT ck_notice_recipient_kind CHECK (
          (kind = 'CHAMBER' AND chamber_id IS NOT NULL AND county_code IS NULL AND party_organization_id IS NULL)
          OR (kind = 'COUNTY' AND county_code IS NOT NULL AND chamber_id IS NULL AND party_organization_id IS NULL)
          OR (kind = 'PARTY_ORGANIZATION' AND party_organization_id IS NOT NULL AND chamber_id IS NULL AND county_code IS NULL)),
        CONSTRAINT ck_notice_recipient_ack_read CHECK (acknowledged_at IS NULL OR read_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_notice_recipient_chamber ON notice_recipient (notice_id, chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_notice_recipient_county ON notice_recipient (notice_id, county_code) WHERE county_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_notice_recipient_party ON notice_recipient (notice_id, party_organization_id) WHERE party_organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_notice_recipient_page ON notice_recipient (notice_id, label, id)`);
    await q.query(`CREATE INDEX ix_notice_recipient_chamber_inbox ON notice_recipient (chamber_id, notice_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_notice_recipient_county_inbox ON notice_recipient (county_code, notice_id) WHERE county_code IS NOT NULL`);
    await q.query(`CREATE INDEX ix_notice_recipient_party_inbox ON notice_recipient (party_organization_id, notice_id) WHERE party_organization_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE notice_reminder (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        recipient_count integer NOT NULL,
        sent_by uuid NOT NULL REFERENCES app_user(id),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_notice_reminder_notice ON notice_reminder (notice_id, sent_at DESC)`);
    await q.query(`
      CREATE TABLE notice_return (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        recipient_id uuid NOT NULL REFERENCES notice_recipient(id) ON DELETE CASCADE,
        answers jsonb NOT NULL,
        member_ids uuid[] NOT NULL DEFAULT '{}',
        file_ids uuid[] NOT NULL DEFAULT '{}',
        late boolean NOT NULL DEFAULT false,
        submitted_by uuid NOT NULL REFERENCES app_user(id),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ux_notice_return_recipient UNIQUE (recipient_id)
      )`);
    await q.query(`CREATE INDEX ix_notice_return_notice ON notice_return (notice_id, recipient_id)`);
    await q.query(`CREATE INDEX ix_notice_return_files ON notice_return USING gin (file_ids) WHERE file_ids <> '{}'`);
    await q.query(`
      CREATE TABLE notice_attachment (
        notice_id uuid NOT NULL REFERENCES notice(id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES stored_file(id),
        position integer NOT NULL,
        PRIMARY KEY (notice_id, file_id)
      )`);
    await q.query(`CREATE INDEX ix_notice_attachment_file ON notice_attachment (file_id)`);

    await q.query(`CREATE TYPE request_status AS ENUM ('OPEN', 'ASSIGNED', 'ANSWERED', 'CLOSED')`);
    await q.query(`
      CREATE TABLE request_desk_route (
        category varchar(40) NOT NULL PRIMARY KEY,
        desk varchar(100) NOT NULL,
        due_days integer NOT NULL DEFAULT 10 CHECK (due_days BETWEEN 1 AND 365),
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_request_desk_route_category CHECK (category ~ '^[A-Z][A-Z_]{1,39}$')
      )`);
    await q.query(`
      CREATE TABLE request (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        category varchar(40) NOT NULL,
        title varchar(200) NOT NULL,
        text text NOT NULL,
        raiser_kind flow_sender_kind NOT NULL CHECK (raiser_kind <> 'OFFICE'),
        chamber_id uuid REFERENCES chamber(id),
        county_code char(6),
        desk varchar(100) NOT NULL,
        status request_status NOT NULL DEFAULT 'OPEN',
        due_on date NOT NULL,
        raised_by uuid NOT NULL REFERENCES app_user(id),
        raised_at timestamptz NOT NULL DEFAULT now(),
        first_answered_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_request_raiser CHECK (
          (raiser_kind = 'CHAMBER' AND chamber_id IS NOT NULL AND county_code IS NULL)
          OR (raiser_kind = 'COUNTY' AND county_code IS NOT NULL AND chamber_id IS NULL)),
        CONSTRAINT ck_request_closed CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_request_raised ON request (raised_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_request_status ON request (status, raised_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_request_desk ON request (desk, status)`);
    await q.query(`CREATE INDEX ix_request_chamber ON request (chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_request_county ON request (county_code) WHERE county_code IS NOT NULL`);
    await q.query(`
      CREATE TABLE request_attachment (
        request_id uuid NOT NULL REFERENCES request(id) ON DELETE CASCADE,
        file_id uuid NOT NULL REFERENCES stored_file(id),
        position integer NOT NULL,
        PRIMARY KEY (request_id, file_id)
      )`);
    await q.query(`CREATE INDEX ix_request_attachment_file ON request_attachment (file_id)`);
    await q.query(`
      CREATE TABLE request_message (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES request(id) ON DELETE CASCADE,
        from_office boolean NOT NULL,
        text text NOT NULL,
        author_id uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_request_message_request ON request_message (request_id, created_at)`);
    await q.query(`
      CREATE TABLE request_event (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES request(id) ON DELETE CASCADE,
        action varchar(20) NOT NULL,
        from_status request_status,
        to_status request_status NOT NULL,
        actor_id uuid NOT NULL REFERENCES app_user(id),
        note text,
        at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX ix_request_event_request ON request_event (request_id, at)`);

    await q.query(`CREATE TYPE meeting_kind AS ENUM ('ANNUAL_MEETING', 'TRAINING', 'INSPECTION_TOUR', 'OTHER')`);
    await q.query(`CREATE TYPE registration_status AS ENUM ('REGISTERED', 'WAITLISTED', 'CANCELLED')`);
    await q.query(`
      CREATE TABLE meeting (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        title varchar(200) NOT NULL,
        kind meeting_kind NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        place varchar(200) NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        registration_deadline timestamptz NOT NULL,
        target jsonb NOT NULL,
        registered_count integer NOT NULL DEFAULT 0,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_meeting_dates CHECK (ends_on >= starts_on),
        CONSTRAINT ck_meeting_capacity CHECK (registered_count BETWEEN 0 AND capacity)
      )`);
    await q.query(`CREATE INDEX ix_meeting_starts ON meeting (starts_on DESC, id DESC)`);
    await q.query(`
      CREATE TABLE meeting_invitee (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        kind flow_recipient_kind NOT NULL,
        chamber_id uuid REFERENCES chamber(id),
        county_code char(6),
        party_organization_id uuid REFERENCES party_organization(id),
        label varchar(200) NOT NULL,
        CONSTRAINT ck_meeting_invitee_kind CHECK (
          (kind = 'CHAMBER' AND chamber_id IS NOT NULL AND county_code IS NULL AND party_organization_id IS NULL)
          OR (kind = 'COUNTY' AND county_code IS NOT NULL AND chamber_id IS NULL AND party_organization_id IS NULL)
          OR (kind = 'PARTY_ORGANIZATION' AND party_organization_id IS NOT NULL AND chamber_id IS NULL AND county_code IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_meeting_invitee_chamber ON meeting_invitee (meeting_id, chamber_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_meeting_invitee_county ON meeting_invitee (meeting_id, county_code) WHERE county_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX ux_meeting_invitee_party ON meeting_invitee (meeting_id, party_organization_id) WHERE party_organization_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_meeting_invitee_chamber ON meeting_invitee (chamber_id, meeting_id) WHERE chamber_id IS NOT NULL`);
    await q.query(`CREATE INDEX ix_meeting_invitee_county ON meeting_invitee (county_code, meeting_id) WHERE county_code IS NOT NULL`);
    await q.query(`
      CREATE TABLE meeting_registration (
        id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        meeting_id uuid NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
        invitee_id uuid NOT NULL REFERENCES meeting_invitee(id) ON DELETE CASCADE,
        member_id uuid NOT NULL REFERENCES member(id),
        role varchar(50),
        arrival varchar(200),
        status registration_status NOT NULL,
        queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        checked_in_at timestamptz,
        registered_by uuid NOT NULL REFERENCES app_user(id),
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT ck_meeting_registration_checkin CHECK (checked_in_at IS NULL OR status = 'REGISTERED')
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_meeting_registration_member ON meeting_registration (meeting_id, member_id) WHERE status <> 'CANCELLED'`);
    await q.query(`CREATE INDEX ix_meeting_registration_page ON meeting_registration (meeting_id, status, queued_at, id)`);
    await q.query(`CREATE INDEX ix_meeting_registration_member ON meeting_registration (member_id) WHERE checked_in_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_meeting_registration_invitee ON meeting_registration (invitee_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['meeting_registration', 'meeting_invitee', 'meeting', 'request_event', 'request_message', 'request_attachment', 'request', 'request_desk_route', 'notice_attachment', 'notice_return', 'notice_reminder', 'notice_recipient', 'notice']) {
      await q.query(`DROP TABLE ${t}`);
    }
    for (const e of ['registration_status', 'meeting_kind', 'request_status', 'flow_recipient_kind', 'flow_sender_kind', 'notice_priority']) await q.query(`DROP TYPE ${e}`);
  }
}
