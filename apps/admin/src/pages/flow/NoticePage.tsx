import { Alert, App, Button, Card, Descriptions, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { NOTICE_PRIORITY, RECEIPT_STATE, RECIPIENT_KIND, SENDER_KIND } from '../../i18n/zh-flow';
import { Me, useMe } from '../../session';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { AttachmentLinks, downloadRoute, errorText, UNIT_ROLES } from './flow-common';
import { Pager, useCursorStack } from '../../components/Pager';
import { AnswerView, Notice, NoticeQuery, Recipient, RecipientsQuery, Return, ReturnsQuery } from './notice-ops';
import { ReturnPanel } from './ReturnPanel';

const OpenNotice = graphql(`
  mutation FlowOpenNotice($id: ID!) {
    openNotice(id: $id) { id }
  }
`);
const StatsQuery = graphql(`
  query FlowNoticeStats($noticeId: ID!) {
    noticeStats(noticeId: $noticeId) { recipients read acknowledged overdue returned }
  }
`);
const Acknowledge = graphql(`
  mutation FlowAcknowledge($id: ID!) {
    acknowledgeNotice(id: $id) { id state acknowledgedAt }
  }
`);
const Remind = graphql(`
  mutation FlowRemind($id: ID!) {
    remindNotice(id: $id)
  }
`);


/** The caller's own recipient row: its chamber, its county office, or (a party officer) its organisation. */
function ownRow(me: Me, rows: readonly Recipient[]): Recipient | undefined {
  if (me.role === 'CHAMBER_SECRETARY') return rows.find((r) => r.kind === 'CHAMBER' && r.chamberId === me.scope.chamberId);
  if (me.role === 'COUNTY_OFFICER') return rows.find((r) => r.kind === 'COUNTY' && r.countyCode === me.scope.countyCode);
  if (me.role === 'PARTY_OFFICER') return rows.find((r) => r.kind === 'PARTY_ORGANIZATION');
  return undefined;
}

function isSender(me: Me, n: Notice): boolean {
  return (
    (n.senderKind === 'OFFICE' && me.role === 'ADMIN') ||
    (n.senderKind === 'COUNTY' && !!me.scope.countyCode && n.senderCountyCode === me.scope.countyCode) ||
    (n.senderKind === 'CHAMBER' && !!me.scope.chamberId && n.senderChamberId === me.scope.chamberId)
  );
}


function stateTag(state: string) {
  return <Tag color={state === 'ACKNOWLEDGED' ? 'green' : state === 'READ' ? 'blue' : 'red'}>{zh(RECEIPT_STATE, state)}</Tag>;
}

/** 签收 and the return, for the unit the notice was sent to. */
function RecipientPanel({ notice, mine, reload }: { notice: Notice; mine: Recipient; reload(): Promise<void> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const acknowledge = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await request(Acknowledge, { id: notice.id });
      message.success('已确认收到');
      await reload();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="本单位回执" data-testid="receipt-card">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <span data-testid="receipt-state">{stateTag(mine.state)}</span>
          {mine.overdue && <Tag color="red">逾期未签收</Tag>}
          {mine.readAt && <Typography.Text type="secondary">阅读于 {zhDate(mine.readAt)}</Typography.Text>}
          {mine.acknowledgedAt && <Typography.Text type="secondary">签收于 {zhDate(mine.acknowledgedAt)}</Typography.Text>}
          {mine.reminderCount > 0 && <Tag color="orange">已被催办 {mine.reminderCount} 次</Tag>}
        </Space>
        {!mine.acknowledgedAt && (
          <Button type="primary" loading={busy} onClick={() => void acknowledge()} data-testid="notice-acknowledge">
            确认收到
          </Button>
        )}
        {error && <Alert type="error" showIcon message={error} data-testid="acknowledge-error" />}
      </Space>
    </Card>
  );
}

/** The sender's (and the office's) view: receipt counts, the receipt table by unit, returns, reminders. */
function SenderPanel({ notice, canRemind }: { notice: Notice; canRemind: boolean }) {
  const { message } = App.useApp();
  const stack = useCursorStack();
  const [state, setState] = useState<string>();
  const [missing, setMissing] = useState<string>();
  const stats = useQuery(StatsQuery, { noticeId: notice.id });
  const filter = { ...(state ? { state } : {}), ...(missing ? { missingReturn: missing === 'missing' } : {}) };
  const recipients = useQuery(RecipientsQuery, { noticeId: notice.id, first: 20, after: stack.after, filter });
  const returns = useQuery(ReturnsQuery, { noticeId: notice.id }, { skip: !notice.returnForm });
  const [reminding, setReminding] = useState(false);
  const s = stats.data?.noticeStats;
  const form = notice.returnForm ?? [];

  const remind = async () => {
    setReminding(true);
    try {
      const n = (await request(Remind, { id: notice.id })).remindNotice;
      message.success(`已提醒 ${n} 个未签收单位`);
      await Promise.all([stats.reload(), recipients.reload()]);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setReminding(false);
    }
  };
  const exportReturns = async () => {
    try {
      await downloadRoute(`/notices/${notice.id}/returns.xlsx`, `${notice.title}-报送汇总.xlsx`);
    } catch (e) {
      message.error(errorText(e, '导出失败'));
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="接收情况"
        extra={
          canRemind && (
            <Button onClick={() => void remind()} loading={reminding} disabled={!!s && s.acknowledged >= s.recipients} data-testid="notice-remind">
              提醒未签收单位
            </Button>
          )
        }
        data-testid="receipt-stats"
      >
        {stats.error && <Alert type="error" showIcon message={stats.error.messageZh} />}
        {s && (
          <Space size={48} wrap>
            <Statistic title="接收单位" value={s.recipients} />
            <Statistic title="已读" value={s.read} />
            <Statistic title="已签收" value={s.acknowledged} />
            <Statistic title="逾期未签收" value={s.overdue} valueStyle={s.overdue ? { color: '#cf1322' } : undefined} />
            {notice.returnForm && <Statistic title="已报送" value={s.returned} />}
          </Space>
        )}
      </Card>
      <Card title="各单位回执">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Select
              allowClear
              placeholder="签收状态"
              style={{ width: 130 }}
              value={state}
              onChange={(v) => {
                setState(v);
                stack.reset();
              }}
              options={Object.entries(RECEIPT_STATE).map(([value, label]) => ({ value, label }))}
            />
            {notice.returnForm && (
              <Select
                allowClear
                placeholder="报送情况"
                style={{ width: 130 }}
                value={missing}
                onChange={(v) => {
                  setMissing(v);
                  stack.reset();
                }}
                options={[
                  { value: 'missing', label: '未报送' },
                  { value: 'done', label: '已报送' },
                ]}
              />
            )}
          </Space>
          {recipients.error && <Alert type="error" showIcon message={recipients.error.messageZh} />}
          <Table<Recipient>
            rowKey="id"
            size="small"
            pagination={false}
            loading={recipients.loading}
            dataSource={recipients.data?.noticeRecipients?.edges.map((e) => e.node) ?? []}
            data-testid="recipients-table"
            columns={[
              { title: '接收单位', dataIndex: 'label' },
              { title: '类型', width: 120, render: (_, r) => zh(RECIPIENT_KIND, r.kind) },
              { title: '状态', width: 150, render: (_, r) => <Space size={4}>{stateTag(r.state)}{r.overdue && <Tag color="red">逾期</Tag>}</Space> },
              { title: '阅读时间', width: 170, render: (_, r) => zhDate(r.readAt) },
              { title: '签收时间', width: 170, render: (_, r) => zhDate(r.acknowledgedAt) },
              { title: '催办次数', width: 90, dataIndex: 'reminderCount' },
              ...(notice.returnForm ? [{ title: '报送', width: 80, render: (_: unknown, r: Recipient) => (r.returned ? <Tag color="green">已报送</Tag> : <Tag>未报送</Tag>) }] : []),
            ]}
          />
          <Pager
            stack={stack}
            total={recipients.data?.noticeRecipients?.totalCount}
            pageInfo={recipients.data?.noticeRecipients?.pageInfo}
            unit="个单位"
          />
        </Space>
      </Card>
      {notice.returnForm && (
        <Card title="报送汇总" extra={<Button onClick={() => void exportReturns()} data-testid="returns-export">导出（Excel）</Button>}>
          {returns.error && <Alert type="error" showIcon message={returns.error.messageZh} />}
          <Table<Return>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            loading={returns.loading}
            dataSource={returns.data?.noticeReturns ?? []}
            data-testid="returns-table"
            columns={[
              { title: '单位', dataIndex: 'recipientLabel', fixed: 'left' },
              { title: '提交时间', render: (_, r) => zhDate(r.submittedAt) },
              { title: '催报后报送', render: (_, r) => (r.late ? <Tag color="orange">是</Tag> : '否') },
              ...form.map((f) => ({ key: f.key, title: f.label, render: (_: unknown, r: Return) => <AnswerView field={f} answer={r.answers.find((a) => a.key === f.key)} /> })),
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

/**
 * 通知详情. A unit the notice was sent to opens it (marked read through openNotice), downloads
 * its attachments, confirms receipt (签收) and submits its return; the sender and the office
 * see the receipt counts and table, the returns (with export) and remind the units that have
 * not acknowledged. A notice outside the caller's scope is 未找到, as the API answers.
 */
export default function NoticePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { data, error, loading } = useQuery(NoticeQuery, { id });
  const unit = UNIT_ROLES.includes(me.role);
  const opened = useRef<string | null>(null);
  const [openError, setOpenError] = useState<string>();
  const [ready, setReady] = useState(!unit);
  // The unit's own row, asked for as such (a province's secretariat may see hundreds of rows below its own).
  const mineQuery = useQuery(RecipientsQuery, { noticeId: id, first: 100, after: null, filter: { mine: true } }, { skip: !unit || !ready });
  const notice = data?.notice;

  // Opening marks the notice read for the caller's unit (the first time only); the receipt is read after it.
  useEffect(() => {
    if (!unit || !notice || opened.current === notice.id) return;
    opened.current = notice.id;
    request(OpenNotice, { id: notice.id })
      .catch((e: unknown) => setOpenError(errorText(e)))
      .finally(() => setReady(true));
  }, [unit, notice]);

  if (error) return <ReadError error={error} what="通知" />;
  if (data && !notice) return <ReadError error={NOT_FOUND_ERROR} what="通知" />;
  if (loading || !notice) return <Spin style={{ display: 'block', margin: '80px auto' }} />;

  const mine = ownRow(me, mineQuery.data?.noticeRecipients?.edges.map((e) => e.node) ?? []);
  const sender = isSender(me, notice);
  const showSender = sender || me.role === 'ADMIN' || me.role === 'VIEWER' || (unit && !!mineQuery.data && !mine);
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="notice-title">
              {notice.title}
            </Typography.Title>
            {notice.priority === 'URGENT' && <Tag color="red">{zh(NOTICE_PRIORITY, notice.priority)}</Tag>}
          </Space>
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="发送方">{sender ? '本单位' : zh(SENDER_KIND, notice.senderKind)}</Descriptions.Item>
            <Descriptions.Item label="下发时间">{zhDate(notice.sentAt)}</Descriptions.Item>
            <Descriptions.Item label="截止时间">{zhDate(notice.deadline)}</Descriptions.Item>
            <Descriptions.Item label="接收单位">{notice.recipientCount} 个</Descriptions.Item>
            <Descriptions.Item label="要求报送">{notice.returnForm ? '是' : '否'}</Descriptions.Item>
          </Descriptions>
          <div data-testid="notice-body">
            {notice.body.split(/\n\s*\n/).map((p, i) => (
              <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-wrap' }}>
                {p}
              </Typography.Paragraph>
            ))}
          </div>
          <div>
            <Typography.Text strong>附件：</Typography.Text> <AttachmentLinks ids={notice.attachmentIds} testId="notice-attachments" />
          </div>
        </Space>
      </Card>
      {openError && <Alert type="warning" showIcon message={openError} />}
      {mineQuery.error && <Alert type="error" showIcon message={mineQuery.error.messageZh} />}
      {mine && <RecipientPanel notice={notice} mine={mine} reload={mineQuery.reload} />}
      {mine && notice.returnForm && <ReturnPanel notice={notice} mine={mine} onSubmitted={mineQuery.reload} />}
      {showSender && <SenderPanel notice={notice} canRemind={sender || me.role === 'ADMIN'} />}
    </Space>
  );
}
