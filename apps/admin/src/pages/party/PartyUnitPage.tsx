import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import {
  PARTY_ATTENDANCE,
  PARTY_FREQUENCY,
  PARTY_LEADER_ROLE,
  PARTY_MANAGER_KIND,
  PARTY_MEETING_KIND,
  PARTY_MEETING_MODE,
  PARTY_MEETING_STATUS,
  PARTY_MEMBER_STANDING,
  PARTY_MEMBER_STATUS,
  PARTY_ORG_KIND,
  PARTY_ORG_STATUS,
} from '../../i18n/zh-party';
import { useMe } from '../../session';
import { showFieldErrors } from '../../components/form-errors';
import { quarterChoices } from './common';
import { Pager, useCursorStack } from '../../components/Pager';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { useSingleSubmit } from '../../components/use-single-submit';

const UnitQuery = graphql(`
  query AdminPartyUnit($id: ID!, $year: Int!, $quarter: Int!) {
    partyOrganization(id: $id) {
      id name kind status foundedOn dissolvedOn
      chambers { id name }
      committee { id name }
      parent { id name }
      leaders { id name role startsOn endsOn current }
      managers { bodyKind bodyName role }
    }
    partyCompliance(organizationId: $id, year: $year, quarter: $quarter) {
      compliant meetingsHeld attendanceRate
      items { kind frequency required held met missingMonths }
    }
  }
`);
type Compliance = NonNullable<ResultOf<typeof UnitQuery>['partyCompliance']>['items'][number];

const MembersQuery = graphql(`
  query AdminPartyUnitMembers($first: Int!, $after: String, $filter: PartyMemberFilter) {
    partyMembers(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name gender joinedOn standing status mobile mobileDestination phones idNumber personalDataMasked } }
    }
  }
`);
type PartyMemberRow = NonNullable<ResultOf<typeof MembersQuery>['partyMembers']>['edges'][number]['node'];

const MeetingsQuery = graphql(`
  query AdminPartyMeetings($id: ID!, $first: Int!, $after: String) {
    partyMeetings(organizationId: $id, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id heldOn kind mode status topic attendance { partyMemberId name attendance } } }
    }
  }
`);
type Meeting = NonNullable<ResultOf<typeof MeetingsQuery>['partyMeetings']>['edges'][number]['node'];

const RecordMeeting = graphql(`
  mutation AdminRecordPartyMeeting($input: RecordPartyMeetingInput!) {
    recordPartyMeeting(input: $input) { id }
  }
`);

/** Who may record organisation life: the API's party:manage (administrators, party-work officers). */
const MEETING_RECORDERS = ['ADMIN', 'PARTY_OFFICER'];
const MEETING_FIELDS = ['kind', 'heldOn', 'mode', 'status', 'topic', 'minutes', 'attendance'] as const;
interface MeetingValues {
  kind: string;
  heldOn: Dayjs;
  mode: string;
  status: string;
  topic: string;
  minutes?: string;
  present?: string[];
}

/** 党组织详情: the unit, its leaders and managers, 三会一课 in a quarter, its members (masked as the API sends them) and meetings. */
export default function PartyUnitPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const [period, setPeriod] = useState(() => quarterChoices()[0].value);
  const [year, quarter] = period.split('-').map(Number);
  const unit = useQuery(UnitQuery, { id, year, quarter });
  const memberStack = useCursorStack();
  const members = useQuery(MembersQuery, { first: 20, after: memberStack.after, filter: { organizationId: id } });
  const meetingStack = useCursorStack();
  const meetings = useQuery(MeetingsQuery, { id, first: 10, after: meetingStack.after });
  const [recording, setRecording] = useState(false);
  const [form] = Form.useForm<MeetingValues>();
  const [formError, setFormError] = useState<string>();

  const single = useSingleSubmit();
  if (unit.loading && !unit.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (unit.error) return <ReadError error={unit.error} what="党组织" />;
  const u = unit.data?.partyOrganization;
  if (!u) return <ReadError error={NOT_FOUND_ERROR} what="党组织" />;
  const c = unit.data?.partyCompliance;
  const memberRows = members.data?.partyMembers?.edges.map((e) => e.node) ?? [];
  const masked = memberRows.some((m) => m.personalDataMasked);

  const record = single(async (v: MeetingValues) => {
    setFormError(undefined);
    try {
      await request(RecordMeeting, {
        input: {
          organizationId: u.id,
          kind: v.kind as 'GENERAL_ASSEMBLY',
          heldOn: v.heldOn.format('YYYY-MM-DD'),
          mode: v.mode as 'ON_SITE',
          status: v.status as 'HELD',
          topic: v.topic,
          minutes: v.minutes?.trim() || null,
          attendance: (v.present ?? []).map((partyMemberId) => ({ partyMemberId, attendance: 'PRESENT' as const })),
        },
      });
      message.success('已记录');
      setRecording(false);
      form.resetFields();
      await Promise.all([meetings.reload(), unit.reload()]);
    } catch (e) {
      setFormError(e instanceof ApiError ? showFieldErrors(form, e, MEETING_FIELDS) : '保存失败，请稍后再试');
    }
  });

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {u.name}
      </Typography.Title>
      <Card size="small">
        <Descriptions column={2} size="small">
          <Descriptions.Item label="类型">{zh(PARTY_ORG_KIND, u.kind)}</Descriptions.Item>
          <Descriptions.Item label="状态">{zh(PARTY_ORG_STATUS, u.status)}</Descriptions.Item>
          <Descriptions.Item label="所在商会">
            {u.chambers.map((ch) => <Link key={ch.id} to={`/chamber/${ch.id}`} style={{ marginRight: 8 }}>{ch.name}</Link>)}
            {u.chambers.length === 0 && '—'}
          </Descriptions.Item>
          <Descriptions.Item label="隶属">{u.parent ? <Link to={`/party/${u.parent.id}`}>{u.parent.name}</Link> : u.committee?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="成立日期">{zhDate(u.foundedOn)}</Descriptions.Item>
          {u.dissolvedOn && <Descriptions.Item label="撤销日期">{zhDate(u.dissolvedOn)}</Descriptions.Item>}
          <Descriptions.Item label="领导班子" span={2}>
            {u.leaders.length
              ? u.leaders.map((l) => (
                  <Tag key={l.id} color={l.current ? 'red' : 'default'}>
                    {zh(PARTY_LEADER_ROLE, l.role)} {l.name}（{zhDate(l.startsOn)}起{l.endsOn ? `，至${zhDate(l.endsOn)}` : ''}）
                  </Tag>
                ))
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="多方管理" span={2}>
            {u.managers.map((m) => `${zh(PARTY_MANAGER_KIND, m.bodyKind)}：${m.bodyName}（${m.role}）`).join('；') || '—'}
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        size="small"
        title="三会一课"
        extra={<Select style={{ width: 170 }} value={period} onChange={setPeriod} options={quarterChoices()} />}
        data-testid="party-compliance"
      >
        {c ? (
          <>
            <Space style={{ marginBottom: 8 }}>
              <Tag color={c.compliant ? 'green' : 'orange'}>{c.compliant ? '本季度达标' : '本季度未达标'}</Tag>
              <Typography.Text>召开 {c.meetingsHeld} 次</Typography.Text>
              <Typography.Text>出席率 {c.attendanceRate == null ? '—' : `${Math.round(c.attendanceRate * 1000) / 10}%`}</Typography.Text>
            </Space>
            <Table<Compliance>
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={c.items}
              columns={[
                { title: '会议', render: (_, i) => zh(PARTY_MEETING_KIND, i.kind) },
                { title: '频次', render: (_, i) => zh(PARTY_FREQUENCY, i.frequency) },
                { title: '应开', render: (_, i) => i.required },
                { title: '已开', render: (_, i) => i.held },
                { title: '缺开月份', render: (_, i) => (i.missingMonths.length ? i.missingMonths.map((m) => `${m}月`).join('、') : '—') },
                { title: '', render: (_, i) => <Tag color={i.met ? 'green' : 'orange'}>{i.met ? '达标' : '未达标'}</Tag> },
              ]}
            />
          </>
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        )}
      </Card>

      <Card size="small" title="党员">
        {masked && <Alert type="info" showIcon style={{ marginBottom: 8 }} message="身份证号和手机按您的权限显示为部分隐藏。" />}
        {members.error && <Alert type="error" showIcon message={members.error.messageZh} />}
        <Table<PartyMemberRow>
          size="small"
          rowKey="id"
          loading={members.loading}
          pagination={false}
          dataSource={memberRows}
          data-testid="party-members"
          columns={[
            { title: '姓名', render: (_, m) => m.name },
            { title: '党员类型', render: (_, m) => zh(PARTY_MEMBER_STANDING, m.standing) },
            { title: '入党日期', render: (_, m) => zhDate(m.joinedOn) },
            { title: '身份证号', render: (_, m) => m.idNumber ?? '—' },
            { title: '手机', render: (_, m) => m.phones.join('、') || '—' },
            { title: '流动党员', render: (_, m) => (m.mobile ? `是${m.mobileDestination ? `（${m.mobileDestination}）` : ''}` : '否') },
            { title: '状态', render: (_, m) => zh(PARTY_MEMBER_STATUS, m.status) },
          ]}
        />
        <Pager total={members.data?.partyMembers?.totalCount} unit="名党员" stack={memberStack} pageInfo={members.data?.partyMembers?.pageInfo} />
      </Card>

      <Card
        size="small"
        title="组织生活"
        extra={
          MEETING_RECORDERS.includes(me.role) && (
            <Button type="primary" onClick={() => setRecording(true)} data-testid="record-meeting">
              记录会议
            </Button>
          )
        }
      >
        {meetings.error && <Alert type="error" showIcon message={meetings.error.messageZh} />}
        <Table<Meeting>
          size="small"
          rowKey="id"
          loading={meetings.loading}
          pagination={false}
          dataSource={meetings.data?.partyMeetings?.edges.map((e) => e.node) ?? []}
          data-testid="party-meetings"
          columns={[
            { title: '日期', render: (_, m) => zhDate(m.heldOn), width: 130 },
            { title: '会议', render: (_, m) => zh(PARTY_MEETING_KIND, m.kind), width: 120 },
            { title: '主题', render: (_, m) => m.topic },
            { title: '形式', render: (_, m) => zh(PARTY_MEETING_MODE, m.mode), width: 70 },
            {
              title: '出席',
              render: (_, m) => {
                const present = m.attendance.filter((a) => a.attendance === 'PRESENT').length;
                return m.attendance.length ? `${present} / ${m.attendance.length}` : '—';
              },
              width: 80,
            },
            { title: '状态', render: (_, m) => <Tag color={m.status === 'HELD' ? 'green' : 'blue'}>{zh(PARTY_MEETING_STATUS, m.status)}</Tag>, width: 90 },
          ]}
          expandable={{
            rowExpandable: (m) => m.attendance.length > 0,
            expandedRowRender: (m) => m.attendance.map((a) => `${a.name}（${zh(PARTY_ATTENDANCE, a.attendance)}）`).join('，'),
          }}
        />
        <Pager total={meetings.data?.partyMeetings?.totalCount} unit="次会议" stack={meetingStack} pageInfo={meetings.data?.partyMeetings?.pageInfo} />
      </Card>

      <Modal open={recording} title="记录组织生活" okText="保存" cancelText="取消" onCancel={() => setRecording(false)} onOk={() => form.submit()} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" onFinish={record} initialValues={{ mode: 'ON_SITE', status: 'HELD' }}>
          <Space size="large" wrap>
            <Form.Item label="会议" name="kind" rules={[{ required: true, message: '请选择会议' }]}>
              <Select style={{ width: 160 }} options={Object.entries(PARTY_MEETING_KIND).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item label="日期" name="heldOn" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker placeholder="选择日期" />
            </Form.Item>
            <Form.Item label="形式" name="mode">
              <Select style={{ width: 100 }} options={Object.entries(PARTY_MEETING_MODE).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item label="状态" name="status">
              <Select style={{ width: 100 }} options={Object.entries(PARTY_MEETING_STATUS).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Space>
          <Form.Item label="主题" name="topic" rules={[{ required: true, message: '请输入主题' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="出席党员（本页所列）" name="present">
            <Select mode="multiple" options={memberRows.map((m) => ({ value: m.id, label: m.name }))} />
          </Form.Item>
          <Form.Item label="会议记录" name="minutes">
            <Input.TextArea rows={3} />
          </Form.Item>
          {formError && <Alert type="error" showIcon message={formError} />}
        </Form>
      </Modal>
    </Space>
  );
}
