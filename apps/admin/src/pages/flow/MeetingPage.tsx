import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { MEETING_KIND, REGISTRATION_STATUS } from '../../i18n/zh-flow';
import { useMe } from '../../session';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { clearErrors, dateRange, downloadRoute, errorText, placesLeft, REGISTER_ROLES } from './flow-common';
import { Pager, useCursorStack } from '../../components/Pager';
import { MemberPicker } from '../../components/MemberPicker';
import { useSingleSubmit } from '../../components/use-single-submit';
import { placeFieldErrors } from '../../components/form-errors';

const MeetingQuery = graphql(`
  query FlowMeeting($id: ID!) {
    meeting(id: $id) { id title kind startsOn endsOn place capacity registeredCount waitlistedCount inviteeCount registrationDeadline version }
  }
`);
const RegistrationsQuery = graphql(`
  query FlowRegistrations($meetingId: ID!, $first: Int!, $after: String, $status: RegistrationStatus) {
    meetingRegistrations(meetingId: $meetingId, first: $first, after: $after, status: $status) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id memberId memberName unit role arrival status queuedAt checkedInAt version } }
    }
  }
`);
const Register = graphql(`
  mutation FlowRegisterDelegates($meetingId: ID!, $input: RegisterDelegatesInput!) {
    registerDelegates(meetingId: $meetingId, input: $input) { id memberName status }
  }
`);
const Cancel = graphql(`
  mutation FlowCancelRegistration($id: ID!, $input: VersionInput!) {
    cancelRegistration(id: $id, input: $input) { id status }
  }
`);
const CheckIn = graphql(`
  mutation FlowCheckIn($id: ID!) {
    checkInDelegate(id: $id) { id checkedInAt }
  }
`);
const SetCapacity = graphql(`
  mutation FlowSetCapacity($id: ID!, $input: SetMeetingCapacityInput!) {
    setMeetingCapacity(id: $id, input: $input) { id capacity registeredCount version }
  }
`);
type Registration = NonNullable<ResultOf<typeof RegistrationsQuery>['meetingRegistrations']>['edges'][number]['node'];
interface Delegate {
  memberId?: string;
  role?: string;
  arrival?: string;
}

/** 报名: delegates of the caller's unit; beyond the places they wait (候补); the API's refusals beside the row at fault. */
function RegisterForm({ meetingId, onDone }: { meetingId: string; onDone(): Promise<void> }) {
  const [form] = Form.useForm<{ delegates: Delegate[] }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<{ registered: string[]; waiting: string[] }>();
  const single = useSingleSubmit();
  const submit = single(async (v: { delegates: Delegate[] }) => {
    setBusy(true);
    setError(undefined);
    clearErrors(form);
    setResult(undefined);
    try {
      const res = await request(Register, {
        meetingId,
        input: { delegates: (v.delegates ?? []).map((d) => ({ memberId: d.memberId ?? '', role: d.role?.trim() || null, arrival: d.arrival?.trim() || null })) },
      });
      const made = res.registerDelegates;
      setResult({ registered: made.filter((r) => r.status === 'REGISTERED').map((r) => r.memberName), waiting: made.filter((r) => r.status === 'WAITLISTED').map((r) => r.memberName) });
      form.setFieldsValue({ delegates: [{}] });
      await onDone();
    } catch (e) {
      if (!(e instanceof ApiError)) return setError('报名失败，请稍后再试');
      setError(
        placeFieldErrors(form, e, (path) => {
          const m = /^input\.delegates\.(\d+)\.(memberId|role|arrival)$/.exec(path);
          return m ? ['delegates', Number(m[1]), m[2]] : undefined;
        }),
      );
    } finally {
      setBusy(false);
    }
  });
  return (
    <Card title="报名参会代表（本单位会员）" data-testid="register-card">
      <Form form={form} onFinish={submit} initialValues={{ delegates: [{}] }} data-testid="register-form">
        <Form.List name="delegates">
          {(items, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map(({ key, name }) => (
                <Space key={key} align="start" wrap>
                  <Form.Item name={[name, 'memberId']} style={{ marginBottom: 8 }}>
                    <MemberPicker testId={`delegate-${name}`} placeholder="选择本单位会员" />
                  </Form.Item>
                  <Form.Item name={[name, 'role']} style={{ marginBottom: 8 }}>
                    <Input placeholder="身份，如：会长、秘书长" style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[name, 'arrival']} style={{ marginBottom: 8 }}>
                    <Input placeholder="行程（车次、航班、到达时间）" style={{ width: 240 }} />
                  </Form.Item>
                  {items.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(name)} aria-label="删除此代表" />}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                再加一位代表
              </Button>
            </Space>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="register-error" />}
        {result && (
          <Alert
            style={{ marginTop: 16 }}
            type={result.waiting.length ? 'warning' : 'success'}
            showIcon
            data-testid="register-result"
            message={[
              result.registered.length ? `报名成功：${result.registered.join('、')}` : '',
              result.waiting.length ? `名额已满，列入候补：${result.waiting.join('、')}（有人取消或名额增加时按顺序递补）` : '',
            ]
              .filter(Boolean)
              .join('；')}
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }} data-testid="register-submit">
          提交报名
        </Button>
      </Form>
    </Card>
  );
}

/**
 * 会议详情: dates, place, places left and the waiting list; an invited unit registers its
 * members and cancels its registrations; the office sees every registration, changes the
 * capacity, checks delegates in and exports the lists. Outside the caller's scope: 未找到.
 */
export default function MeetingPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const meeting = useQuery(MeetingQuery, { id });
  const stack = useCursorStack();
  const [status, setStatus] = useState<string>();
  const regs = useQuery(RegistrationsQuery, { meetingId: id, first: 50, after: stack.after, status: (status ?? null) as 'REGISTERED' | null }, { skip: !meeting.data?.meeting });
  const [capacity, setCapacity] = useState<number | null>(null);
  const m = meeting.data?.meeting;
  const admin = me.role === 'ADMIN';
  const unit = REGISTER_ROLES.includes(me.role);

  if (meeting.error) return <ReadError error={meeting.error} what="会议" />;
  if (meeting.data && !m) return <ReadError error={NOT_FOUND_ERROR} what="会议" />;
  if (!m) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const refresh = async () => {
    await Promise.all([meeting.reload(), regs.reload()]);
  };
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
    } catch (e) {
      message.error(errorText(e));
    }
    await refresh();
  };
  const closed = new Date(m.registrationDeadline).getTime() < Date.now();

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="meeting-title">
            {m.title}
          </Typography.Title>
          <Tag>{zh(MEETING_KIND, m.kind)}</Tag>
          {closed ? <Tag>报名已截止</Tag> : <Tag color="green">报名中</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label="日期">{dateRange(m.startsOn, m.endsOn)}</Descriptions.Item>
          <Descriptions.Item label="地点">{m.place}</Descriptions.Item>
          <Descriptions.Item label="报名截止">{zhDate(m.registrationDeadline)}</Descriptions.Item>
          <Descriptions.Item label="受邀单位">{m.inviteeCount} 个</Descriptions.Item>
        </Descriptions>
        <Space size={48} wrap data-testid="meeting-places">
          <Statistic title="名额" value={m.capacity} />
          <Statistic title="已报名" value={m.registeredCount} />
          <Statistic title="剩余名额" value={placesLeft(m)} valueStyle={placesLeft(m) ? undefined : { color: '#cf1322' }} />
          <Statistic title="候补" value={m.waitlistedCount} />
        </Space>
        {admin && (
          <Space wrap style={{ marginTop: 16 }}>
            <InputNumber min={0} precision={0} value={capacity ?? m.capacity} onChange={(v) => setCapacity(v)} addonBefore="名额" />
            <Button
              disabled={capacity === null || capacity === m.capacity}
              onClick={() => void act(() => request(SetCapacity, { id: m.id, input: { capacity: capacity ?? m.capacity, version: m.version } }).then(() => setCapacity(null)), '名额已修改')}
            >
              修改名额
            </Button>
            <Button onClick={() => void downloadRoute(`/meetings/${m.id}/delegates.xlsx`, `${m.title}-代表名单.xlsx`).catch((e: unknown) => message.error(errorText(e, '导出失败')))}>
              导出代表名单
            </Button>
            <Button onClick={() => void downloadRoute(`/meetings/${m.id}/sign-in.xlsx`, `${m.title}-签到表.xlsx`).catch((e: unknown) => message.error(errorText(e, '导出失败')))}>
              导出签到表
            </Button>
          </Space>
        )}
      </Card>
      {unit && (closed ? <Alert type="info" showIcon message={`报名已于 ${zhDate(m.registrationDeadline)} 截止`} /> : <RegisterForm meetingId={m.id} onDone={refresh} />)}
      <Card title="报名情况">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 130 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              stack.reset();
            }}
            options={Object.entries(REGISTRATION_STATUS).map(([value, label]) => ({ value, label }))}
          />
          {regs.error && <Alert type="error" showIcon message={regs.error.messageZh} />}
          <Table<Registration>
            rowKey="id"
            size="small"
            pagination={false}
            loading={regs.loading}
            dataSource={regs.data?.meetingRegistrations?.edges.map((e) => e.node) ?? []}
            data-testid="registrations-table"
            columns={[
              { title: '代表', dataIndex: 'memberName' },
              { title: '单位', dataIndex: 'unit' },
              { title: '身份', render: (_, r) => r.role ?? '—' },
              { title: '行程', render: (_, r) => r.arrival ?? '—' },
              {
                title: '状态',
                render: (_, r) => (
                  <Tag color={r.status === 'REGISTERED' ? 'green' : r.status === 'WAITLISTED' ? 'orange' : 'default'}>{zh(REGISTRATION_STATUS, r.status)}</Tag>
                ),
              },
              { title: '报名时间', render: (_, r) => zhDate(r.queuedAt) },
              { title: '签到', render: (_, r) => (r.checkedInAt ? zhDate(r.checkedInAt) : '—') },
              {
                title: '操作',
                render: (_, r) => (
                  <Space>
                    {admin && r.status === 'REGISTERED' && !r.checkedInAt && (
                      <Button size="small" onClick={() => void act(() => request(CheckIn, { id: r.id }), `${r.memberName} 已签到`)} data-testid="checkin">
                        签到
                      </Button>
                    )}
                    {(unit || admin) && r.status !== 'CANCELLED' && (
                      <Popconfirm
                        title={`取消 ${r.memberName} 的报名？`}
                        okText="取消报名"
                        cancelText="不取消"
                        onConfirm={() => void act(() => request(Cancel, { id: r.id, input: { version: r.version } }), '已取消报名')}
                      >
                        <Button size="small" danger data-testid="cancel-registration">
                          取消报名
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          <Pager
            stack={stack}
            total={regs.data?.meetingRegistrations?.totalCount}
            pageInfo={regs.data?.meetingRegistrations?.pageInfo}
            unit="人"
          />
        </Space>
      </Card>
    </Space>
  );
}
