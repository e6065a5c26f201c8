import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { MEETING_KIND } from '../../i18n/zh-flow';
import { useMe } from '../../session';
import { clearErrors, dateRange, placesLeft } from './flow-common';
import { Pager, useCursorStack } from '../../components/Pager';
import { formPath, TargetFields, targetInput } from './TargetFields';
import { useSingleSubmit } from '../../components/use-single-submit';
import { placeFieldErrors } from '../../components/form-errors';

const MeetingsQuery = graphql(`
  query FlowMeetings($first: Int!, $after: String) {
    meetings(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title kind startsOn endsOn place capacity registeredCount waitlistedCount inviteeCount registrationDeadline } }
    }
  }
`);
const CreateMeeting = graphql(`
  mutation FlowCreateMeeting($input: CreateMeetingInput!) {
    createMeeting(input: $input) { id inviteeCount }
  }
`);
type MeetingRow = NonNullable<ResultOf<typeof MeetingsQuery>['meetings']>['edges'][number]['node'];


interface CreateValues {
  title?: string;
  kind?: string;
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  place?: string;
  capacity?: number;
  registrationDeadline?: Dayjs;
  target?: Record<string, unknown>;
}
const CREATE_TOP = ['title', 'kind', 'startsOn', 'endsOn', 'place', 'capacity', 'registrationDeadline'];

/** 创建会议 (the office): dates, place, capacity, registration deadline and who is invited. */
function CreateMeetingDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const single = useSingleSubmit();
  const submit = single(async (v: CreateValues) => {
    setBusy(true);
    setError(undefined);
    clearErrors(form);
    try {
      const res = await request(CreateMeeting, {
        input: {
          title: v.title ?? '',
          kind: (v.kind ?? 'OTHER') as 'OTHER',
          startsOn: v.startsOn?.format('YYYY-MM-DD') ?? '',
          endsOn: (v.endsOn ?? v.startsOn)?.format('YYYY-MM-DD') ?? '',
          place: v.place ?? '',
          capacity: v.capacity ?? 0,
          registrationDeadline: v.registrationDeadline ? v.registrationDeadline.toISOString() : new Date().toISOString(),
          target: targetInput(v.target),
        },
      });
      message.success(`已创建，邀请 ${res.createMeeting.inviteeCount} 个单位`);
      navigate(`/meetings/${res.createMeeting.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) return setError('创建失败，请稍后再试');
      setError(placeFieldErrors(form, e, (path) => formPath(path, CREATE_TOP)));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Modal open={open} title="创建会议" okText="创建" cancelText="取消" confirmLoading={busy} onCancel={onClose} onOk={() => form.submit()} width={720} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'ANNUAL_MEETING' }}>
        <Form.Item label="会议名称" name="title" required>
          <Input />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item label="类型" name="kind">
            <Select style={{ width: 140 }} options={Object.entries(MEETING_KIND).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="开始日期" name="startsOn" required>
            <DatePicker placeholder="开始日期" />
          </Form.Item>
          <Form.Item label="结束日期" name="endsOn">
            <DatePicker placeholder="结束日期" />
          </Form.Item>
        </Space>
        <Form.Item label="地点" name="place" required>
          <Input />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item label="名额" name="capacity" required>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item label="报名截止" name="registrationDeadline" required>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder="报名截止时间" />
          </Form.Item>
        </Space>
        <TargetFields />
        {error && <Alert type="error" showIcon message={error} />}
      </Form>
    </Modal>
  );
}

/** 会议报名: the meetings the caller's unit is invited to (the office: all), with places left and the waiting list. */
export default function MeetingsPage() {
  const me = useMe();
  const stack = useCursorStack();
  const [creating, setCreating] = useState(false);
  const { data, error, loading } = useQuery(MeetingsQuery, { first: 20, after: stack.after });
  const rows = data?.meetings?.edges.map((e) => e.node) ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          会议报名
        </Typography.Title>
        {me.role === 'ADMIN' && (
          <Button type="primary" onClick={() => setCreating(true)}>
            创建会议
          </Button>
        )}
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<MeetingRow>
        rowKey="id"
        size="middle"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="meetings-table"
        columns={[
          { title: '会议', render: (_, m) => <Link to={`/meetings/${m.id}`}>{m.title}</Link> },
          { title: '类型', width: 90, render: (_, m) => zh(MEETING_KIND, m.kind) },
          { title: '日期', width: 230, render: (_, m) => dateRange(m.startsOn, m.endsOn) },
          { title: '地点', dataIndex: 'place' },
          { title: '名额', width: 70, dataIndex: 'capacity' },
          { title: '剩余名额', width: 90, render: (_, m) => (placesLeft(m) ? placesLeft(m) : <Tag color="red">已满</Tag>) },
          { title: '候补', width: 70, dataIndex: 'waitlistedCount' },
          {
            title: '报名截止',
            width: 220,
            render: (_, m) => (
              <Space size={4}>
                {zhDate(m.registrationDeadline)}
                {new Date(m.registrationDeadline).getTime() < Date.now() && <Tag>已截止</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Pager stack={stack} total={data?.meetings?.totalCount} pageInfo={data?.meetings?.pageInfo} unit="个会议" />
      <CreateMeetingDialog open={creating} onClose={() => setCreating(false)} />
    </Space>
  );
}
