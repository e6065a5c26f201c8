import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Spin, Tag, Timeline, Typography } from 'antd';
import type { TadaDocumentNode } from 'gql.tada';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { REQUEST_ACTION, REQUEST_STATUS, requestCategory } from '../../i18n/zh-flow';
import { useMe } from '../../session';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { AttachmentLinks, clearErrors, DesksQuery, errorText, RAISER_ROLES } from './flow-common';
import { useSingleSubmit } from '../../components/use-single-submit';

const RequestQuery = graphql(`
  query FlowRequest($id: ID!) {
    request(id: $id) {
      id category title text desk status dueOn overdue raisedAt firstAnsweredAt closedAt hoursToAnswer raiserKind version attachmentIds
      messages { id fromOffice text createdAt }
      history { action fromStatus toStatus note at }
    }
  }
`);
const Assign = graphql(`
  mutation FlowAssignRequest($id: ID!, $input: RequestStepInput!) {
    assignRequest(id: $id, input: $input) { id status version }
  }
`);
const Close = graphql(`
  mutation FlowCloseRequest($id: ID!, $input: RequestStepInput!) {
    closeRequest(id: $id, input: $input) { id status version }
  }
`);
const Reopen = graphql(`
  mutation FlowReopenRequest($id: ID!, $input: RequestStepInput!) {
    reopenRequest(id: $id, input: $input) { id status version }
  }
`);
const Reply = graphql(`
  mutation FlowReplyToRequest($id: ID!, $input: RequestStepInput!) {
    replyToRequest(id: $id, input: $input) { id status version }
  }
`);

/**
 * 请示详情: the request, its thread (the office's replies answer it; the raiser's add to it) and
 * status history. Replying carries the version read; a closed request takes no reply (the API
 * says so). Outside the caller's scope: 未找到.
 */
export default function RequestPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(RequestQuery, { id });
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string>();
  const r = data?.request;
  const admin = me.role === 'ADMIN';
  const desks = useQuery(DesksQuery, {}, { skip: !admin });
  const [desk, setDesk] = useState<string>();

  const single = useSingleSubmit();
  if (error) return <ReadError error={error} what="请示" />;
  if (data && !r) return <ReadError error={NOT_FOUND_ERROR} what="请示" />;
  if (loading || !r) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const reply = single(async (v: { text: string }) => {
    setBusy(true);
    setFormError(undefined);
    clearErrors(form);
    try {
      await request(Reply, { id: r.id, input: { version: r.version, text: v.text ?? '' } });
      message.success(me.role === 'ADMIN' ? '已答复' : '已回复');
      form.resetFields();
      await reload();
    } catch (e) {
      if (!(e instanceof ApiError)) return setFormError('提交失败，请稍后再试');
      const text = e.fieldErrors['input.text'];
      if (text) form.setFields([{ name: 'text', errors: [text] }]);
      else setFormError(e.code === 'CONFLICT' && e.reason?.endsWith('STALE_VERSION') ? `${e.messageZh}（页面已刷新）` : e.messageZh);
      if (e.code === 'CONFLICT') await reload();
    } finally {
      setBusy(false);
    }
  });

  /** The office's steps (交办, 办结) and reopening, on the version read; a refusal in the API's words. */
  const step = async <R,>(doc: TadaDocumentNode<R, { id: string; input: { version: number; desk?: string | null; text?: string | null } }>, input: { desk?: string; text?: string }, done: string) => {
    try {
      await request(doc, { id: r.id, input: { version: r.version, ...input } });
      message.success(done);
    } catch (e) {
      message.error(errorText(e));
    }
    await reload();
  };
  const deskNames = [...new Set((desks.data?.requestDesks ?? []).map((d) => d.desk))];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        extra={
          <Space wrap>
            {admin && (r.status === 'OPEN' || r.status === 'ASSIGNED') && (
              <>
                <Select placeholder="交办处室" style={{ width: 160 }} value={desk} onChange={setDesk} options={deskNames.map((d) => ({ value: d, label: d }))} />
                <Button disabled={!desk} onClick={() => void step(Assign, { desk }, '已交办')}>
                  交办
                </Button>
              </>
            )}
            {admin && r.status === 'ANSWERED' && <Button onClick={() => void step(Close, {}, '已办结')}>办结</Button>}
            {r.status === 'CLOSED' && (admin || RAISER_ROLES.includes(me.role)) && <Button onClick={() => void step(Reopen, {}, '已重新打开')}>重新打开</Button>}
          </Space>
        }
      >
        <Space wrap>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="request-title">
            {r.title}
          </Typography.Title>
          <Tag color={r.status === 'ANSWERED' || r.status === 'CLOSED' ? 'green' : 'orange'} data-testid="request-status">
            {zh(REQUEST_STATUS, r.status)}
          </Tag>
          {r.overdue && <Tag color="red">逾期</Tag>}
        </Space>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label="类别">{requestCategory(r.category)}</Descriptions.Item>
          <Descriptions.Item label="承办处室">{r.desk}</Descriptions.Item>
          <Descriptions.Item label="提出单位">{r.raiserKind === 'COUNTY' ? '县市区办公室' : '商会秘书处'}</Descriptions.Item>
          <Descriptions.Item label="提出时间">{zhDate(r.raisedAt)}</Descriptions.Item>
          <Descriptions.Item label="答复期限">{zhDate(r.dueOn)}</Descriptions.Item>
          <Descriptions.Item label="首次答复">{r.firstAnsweredAt ? `${zhDate(r.firstAnsweredAt)}（用时 ${r.hoursToAnswer ?? '—'} 小时）` : '尚未答复'}</Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{r.text}</Typography.Paragraph>
        <Typography.Text strong>附件：</Typography.Text> <AttachmentLinks ids={r.attachmentIds} />
      </Card>
      <Card title="往来答复" data-testid="request-thread">
        {r.messages.length === 0 && <Typography.Text type="secondary">尚无答复</Typography.Text>}
        <Space direction="vertical" style={{ width: '100%' }}>
          {r.messages.map((m) => (
            <Card key={m.id} size="small" type="inner" title={m.fromOffice ? '市经合办答复' : '提出单位补充'} extra={zhDate(m.createdAt)} data-testid="request-message">
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{m.text}</Typography.Paragraph>
            </Card>
          ))}
        </Space>
        {r.status !== 'CLOSED' && (
          <Form form={form} layout="vertical" onFinish={reply} style={{ marginTop: 16, maxWidth: 720 }} data-testid="reply-form">
            <Form.Item name="text" label={me.role === 'ADMIN' ? '答复' : '补充说明'} required>
              <Input.TextArea rows={4} data-testid="reply-text" />
            </Form.Item>
            {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" loading={busy} data-testid="reply-submit">
              {me.role === 'ADMIN' ? '答复' : '回复'}
            </Button>
          </Form>
        )}
        {r.status === 'CLOSED' && <Alert style={{ marginTop: 16 }} type="info" showIcon message={`已于 ${zhDate(r.closedAt)} 办结，不能再回复`} />}
      </Card>
      <Card title="办理记录">
        <Timeline
          items={r.history.map((h) => ({
            children: (
              <span>
                {zhDate(h.at)} {zh(REQUEST_ACTION, h.action)}：{h.fromStatus ? `${zh(REQUEST_STATUS, h.fromStatus)} → ` : ''}
                {zh(REQUEST_STATUS, h.toStatus)}
                {h.note ? `（${h.note}）` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
