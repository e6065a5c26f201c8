import { Alert, App, Button, Card, Descriptions, Empty, List, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import {
  COMPLAINT_STATUS,
  FUNDING_SOURCE,
  INVESTMENT_KEY_LEVEL,
  INVESTMENT_STAGE,
  PROJECT_ISSUE_CATEGORY,
  PROJECT_ISSUE_STATUS,
  PROJECT_OFFICIAL_ROLE,
} from '../../i18n/zh-investment';
import { useMe } from '../../session';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { ActionField, ActionModal, ActionValues } from './ActionModal';
import { projectRights, useLookups } from './lookups';
import { money, yuan } from '../../i18n/money';
import { STAGE_COLOR } from './ProjectsPage';

export const ProjectQuery = graphql(`
  query AdminInvestmentProject($id: ID!) {
    investmentProject(id: $id) {
      id name stage stageReason keyLevel isExpansion destinationCountyCode industryCode chamberId
      totalInvestment contractedInvestment landMu expectedJobs version
      leadOn signedOn startedOn productionOn stalledOn cancelledOn stallRisk stallRiskSince
      fundsInPlace
      chamber { id name }
      investors { id name hometown { name } }
      enterprises { id name }
      officials { id role validFrom validTo official { id name title unit } }
      pastOfficials: officials(current: false) { id role validFrom validTo official { id name title unit } }
      stageHistory { fromStage toStage onDate reason }
      fundingRecords { id amount correctsId note receivedOn source }
      notes { id text writtenOn officialId }
      issues { id category description unit raisedOn resolvedOn resolution status version }
      complaints { id complainant content receivedOn assignedUnit handling handledOn result closedOn status version }
    }
  }
`);
export type Project = NonNullable<ResultOf<typeof ProjectQuery>['investmentProject']>;

const MoveStage = graphql(`
  mutation AdminMoveProjectStage($id: ID!, $input: MoveProjectStageInput!) {
    moveInvestmentProjectStage(id: $id, input: $input) { id stage version }
  }
`);
const RecordFunding = graphql(`
  mutation AdminRecordFunding($input: RecordFundingInput!) {
    recordFunding(input: $input) { id }
  }
`);
const CorrectFunding = graphql(`
  mutation AdminCorrectFunding($input: CorrectFundingInput!) {
    correctFunding(input: $input) { id }
  }
`);
const AddNote = graphql(`
  mutation AdminAddProjectNote($input: AddProjectNoteInput!) {
    addProjectNote(input: $input) { id }
  }
`);
const RaiseIssue = graphql(`
  mutation AdminRaiseProjectIssue($input: RaiseProjectIssueInput!) {
    raiseProjectIssue(input: $input) { id }
  }
`);
const ResolveIssue = graphql(`
  mutation AdminResolveProjectIssue($id: ID!, $input: ResolveProjectIssueInput!) {
    resolveProjectIssue(id: $id, input: $input) { id }
  }
`);
const RecordComplaint = graphql(`
  mutation AdminRecordComplaint($input: RecordComplaintInput!) {
    recordServiceComplaint(input: $input) { id }
  }
`);
const AssignComplaint = graphql(`
  mutation AdminAssignComplaint($id: ID!, $input: ComplaintStepInput!) {
    assignServiceComplaint(id: $id, input: $input) { id }
  }
`);
const HandleComplaint = graphql(`
  mutation AdminHandleComplaint($id: ID!, $input: ComplaintStepInput!) {
    handleServiceComplaint(id: $id, input: $input) { id }
  }
`);
const CloseComplaint = graphql(`
  mutation AdminCloseComplaint($id: ID!, $input: ComplaintStepInput!) {
    closeServiceComplaint(id: $id, input: $input) { id }
  }
`);
const OfficialsQuery = graphql(`
  query AdminInvestmentOfficials {
    officials(first: 100, filter: { active: true }) { edges { node { id name title unit } } }
  }
`);
const AssignOfficial = graphql(`
  mutation AdminAssignProjectOfficial($input: AssignProjectOfficialInput!) {
    assignProjectOfficial(input: $input) { id }
  }
`);
const EndOfficial = graphql(`
  mutation AdminEndProjectOfficial($id: ID!, $input: EndProjectOfficialInput!) {
    endProjectOfficial(id: $id, input: $input) { id }
  }
`);

const LINE = ['LEAD', 'SIGNED', 'STARTED', 'IN_PRODUCTION'];
const today = () => dayjs();
const options = (map: Record<string, string>) => Object.entries(map).map(([value, label]) => ({ value, label }));
const str = (v: string | number | null | undefined) => (v == null ? null : String(v));

interface Action {
  title: string;
  testId: string;
  fields: ActionField[];
  submit(v: ActionValues): Promise<unknown>;
}

/**
 * 项目详情: profile, investors and enterprises, officials, stage history, funds in place
 * (append-only: a correction is its own record), notes, problems and complaints; the actions the
 * caller's role has (the API refuses the rest and its message is shown).
 */
export default function ProjectPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const rights = projectRights(me);
  const lookups = useLookups();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(ProjectQuery, { id });
  const [action, setAction] = useState<Action | null>(null);
  const [officials, setOfficials] = useState<{ value: string; label: string }[]>([]);

  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error) return <ReadError error={error} what="项目" />;
  if (data && !data.investmentProject) return <ReadError error={NOT_FOUND_ERROR} what="项目" />;
  const p = data?.investmentProject;
  if (!p) return null;

  const done = async (what: string) => {
    message.success(what);
    await reload();
  };
  const open = (a: Action) => setAction(a);

  const moveStage = () =>
    open({
      title: '变更阶段',
      testId: 'move-stage',
      fields: [
        { name: 'stage', label: '新阶段', kind: 'select', required: true, options: options(INVESTMENT_STAGE).filter((o) => o.value !== p.stage) },
        { name: 'on', label: '到达该阶段的日期', kind: 'date', required: true, initial: today() },
        {
          name: 'signedOn',
          label: '签约日期（跳过签约时补录）',
          kind: 'date',
          when: (v) => !p.signedOn && LINE.indexOf(String(v.stage)) > LINE.indexOf('SIGNED'),
        },
        {
          name: 'startedOn',
          label: '开工日期（跳过开工时补录）',
          kind: 'date',
          when: (v) => !p.startedOn && LINE.indexOf(String(v.stage)) > LINE.indexOf('STARTED'),
        },
        { name: 'reason', label: '原因（回退、停滞、终止时必填）', kind: 'textarea' },
      ],
      submit: (v) =>
        request(MoveStage, {
          id: p.id,
          input: { stage: v.stage as 'SIGNED', on: String(v.on), signedOn: str(v.signedOn), startedOn: str(v.startedOn), reason: str(v.reason), version: p.version },
        }).then(() => done('阶段已变更')),
    });

  const recordFunding = () =>
    open({
      title: '登记到位资金',
      testId: 'funding',
      fields: [
        { name: 'amount', label: '金额（元）', kind: 'amount', required: true },
        { name: 'receivedOn', label: '到位日期', kind: 'date', required: true, initial: today() },
        { name: 'source', label: '资金来源', kind: 'select', required: true, options: options(FUNDING_SOURCE), initial: 'OUT_OF_PROVINCE' },
        { name: 'note', label: '凭证说明（银行回单、验资报告等）', kind: 'text' },
      ],
      submit: (v) =>
        request(RecordFunding, {
          input: { projectId: p.id, amount: String(v.amount), receivedOn: String(v.receivedOn), source: v.source as 'FOREIGN', note: str(v.note) },
        }).then(() => done('已登记到位资金')),
    });

  const correctFunding = (r: Project['fundingRecords'][number]) =>
    open({
      title: `更正 ${zhDate(r.receivedOn)} 的到位资金（${money(r.amount)}）`,
      testId: 'correct-funding',
      fields: [
        { name: 'amount', label: '差额（元；减少请填负数，如 -100000.00）', kind: 'amount', required: true },
        { name: 'note', label: '更正原因', kind: 'textarea', required: true },
        { name: 'receivedOn', label: '日期（默认原记录日期）', kind: 'date' },
      ],
      submit: (v) =>
        request(CorrectFunding, { input: { fundingId: r.id, amount: String(v.amount), note: String(v.note), receivedOn: str(v.receivedOn) } }).then(() => done('已登记更正')),
    });

  const addNote = () =>
    open({
      title: '添加进展记录',
      testId: 'note',
      fields: [
        { name: 'text', label: '进展情况', kind: 'textarea', required: true },
        { name: 'writtenOn', label: '日期', kind: 'date', initial: today() },
      ],
      submit: (v) => request(AddNote, { input: { projectId: p.id, text: String(v.text), writtenOn: str(v.writtenOn) } }).then(() => done('已添加进展记录')),
    });

  const raiseIssue = () =>
    open({
      title: '反映问题',
      testId: 'issue',
      fields: [
        { name: 'category', label: '问题类别', kind: 'select', required: true, options: options(PROJECT_ISSUE_CATEGORY) },
        { name: 'description', label: '问题描述', kind: 'textarea', required: true },
        { name: 'unit', label: '责任单位', kind: 'text', required: true },
        { name: 'raisedOn', label: '反映日期', kind: 'date', required: true, initial: today() },
      ],
      submit: (v) =>
        request(RaiseIssue, {
          input: { projectId: p.id, category: v.category as 'OTHER', description: String(v.description), unit: String(v.unit), raisedOn: String(v.raisedOn) },
        }).then(() => done('已反映问题')),
    });

  const resolveIssue = (i: Project['issues'][number]) =>
    open({
      title: '问题已解决',
      testId: 'resolve',
      fields: [
        { name: 'resolution', label: '解决情况', kind: 'textarea', required: true },
        { name: 'resolvedOn', label: '解决日期', kind: 'date', required: true, initial: today() },
      ],
      submit: (v) => request(ResolveIssue, { id: i.id, input: { resolution: String(v.resolution), resolvedOn: String(v.resolvedOn), version: i.version } }).then(() => done('已标记解决')),
    });

  const recordComplaint = () =>
    open({
      title: '登记效能投诉',
      testId: 'complaint',
      fields: [
        { name: 'complainant', label: '投诉人', kind: 'text', required: true },
        { name: 'content', label: '投诉内容', kind: 'textarea', required: true },
        { name: 'receivedOn', label: '收到日期', kind: 'date', required: true, initial: today() },
      ],
      submit: (v) =>
        request(RecordComplaint, { input: { projectId: p.id, complainant: String(v.complainant), content: String(v.content), receivedOn: String(v.receivedOn) } }).then(() =>
          done('已登记投诉'),
        ),
    });

  const complaintStep = (c: Project['complaints'][number]) => {
    const step =
      c.status === 'RECORDED'
        ? { title: '交办', doc: AssignComplaint, fields: [{ name: 'unit', label: '承办单位', kind: 'text', required: true } as ActionField] }
        : c.status === 'ASSIGNED'
          ? { title: '办理', doc: HandleComplaint, fields: [{ name: 'text', label: '办理情况', kind: 'textarea', required: true } as ActionField] }
          : { title: '办结', doc: CloseComplaint, fields: [{ name: 'text', label: '办结结果', kind: 'textarea', required: true } as ActionField] };
    open({
      title: `投诉${step.title}`,
      testId: 'complaint-step',
      fields: [...step.fields, { name: 'on', label: '日期', kind: 'date', initial: today() }],
      submit: (v) => {
        const variables = { id: c.id, input: { unit: str(v.unit), text: str(v.text), on: str(v.on), version: c.version } };
        const sent = step.doc === AssignComplaint ? request(AssignComplaint, variables) : step.doc === HandleComplaint ? request(HandleComplaint, variables) : request(CloseComplaint, variables);
        return sent.then(() => done(`已${step.title}`));
      },
    });
  };

  const assignOfficial = async () => {
    if (!officials.length) {
      try {
        const d = await request(OfficialsQuery, {});
        const list = d.officials.edges.map((e) => ({ value: e.node.id, label: `${e.node.name}（${e.node.unit}${e.node.title}）` }));
        setOfficials(list);
        return openAssign(list);
      } catch {
        return openAssign([]);
      }
    }
    openAssign(officials);
  };
  const openAssign = (list: { value: string; label: string }[]) =>
    open({
      title: '指派联系领导或服务专员',
      testId: 'assign',
      fields: [
        { name: 'officialId', label: '人员', kind: 'select', required: true, options: list },
        { name: 'role', label: '角色', kind: 'select', required: true, options: options(PROJECT_OFFICIAL_ROLE) },
        { name: 'validFrom', label: '开始日期', kind: 'date', required: true, initial: today() },
      ],
      submit: (v) =>
        request(AssignOfficial, { input: { projectId: p.id, officialId: String(v.officialId), role: v.role as 'LIAISON_LEADER', validFrom: String(v.validFrom) } }).then(() =>
          done('已指派'),
        ),
    });
  const endOfficial = (o: Project['officials'][number]) =>
    open({
      title: `结束 ${o.official.name} 的联系`,
      testId: 'end-official',
      fields: [{ name: 'validTo', label: '最后一天', kind: 'date', required: true, initial: today() }],
      submit: (v) => request(EndOfficial, { id: o.id, input: { validTo: String(v.validTo) } }).then(() => done('已结束联系')),
    });

  const recordsById = new Map(p.fundingRecords.map((r) => [r.id, r]));
  const officialName = (officialId: string | null) => p.pastOfficials.find((o) => o.official.id === officialId)?.official.name;
  const stageDates: [string, string | null][] = [
    ['洽谈', p.leadOn],
    ['签约', p.signedOn],
    ['开工', p.startedOn],
    ['投产', p.productionOn],
    ['停滞', p.stalledOn],
    ['终止', p.cancelledOn],
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="project-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {p.name}{' '}
          <Tag color={STAGE_COLOR[p.stage]} data-testid="project-stage">
            {zh(INVESTMENT_STAGE, p.stage)}
          </Tag>
          {p.keyLevel && <Tag color="gold">{zh(INVESTMENT_KEY_LEVEL, p.keyLevel)}</Tag>}
          {p.stallRisk && <Tag color="orange">停滞预警</Tag>}
        </Typography.Title>
        <Space wrap>
          {rights.manage && p.stage !== 'CANCELLED' && (
            <Button onClick={moveStage} data-testid="action-move-stage">
              变更阶段
            </Button>
          )}
          {rights.manage && (
            <Button onClick={recordFunding} data-testid="action-funding">
              登记到位资金
            </Button>
          )}
          {rights.progress && (
            <Button onClick={addNote} data-testid="action-note">
              添加进展
            </Button>
          )}
          {rights.progress && (
            <Button onClick={raiseIssue} data-testid="action-issue">
              反映问题
            </Button>
          )}
          {rights.manage && (
            <Link to={`/projects/${p.id}/edit`}>
              <Button type="primary">编辑</Button>
            </Link>
          )}
        </Space>
      </Space>
      {p.stallRisk && <Alert type="warning" showIcon message={`自 ${zhDate(p.stallRiskSince)} 起无进展（阶段变更、到位资金或进展记录），已列入停滞预警。`} />}
      {(p.stage === 'STALLED' || p.stage === 'CANCELLED') && p.stageReason && <Alert type="info" showIcon message={`${zh(INVESTMENT_STAGE, p.stage)}原因：${p.stageReason}`} />}

      <Card title="项目概况">
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} data-testid="project-profile">
          <Descriptions.Item label="落地县（市、区）">{lookups.countyName(p.destinationCountyCode)}</Descriptions.Item>
          <Descriptions.Item label="引荐商会">{p.chamber?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="行业">{p.industryCode ? `${p.industryCode} ${lookups.industryName(p.industryCode)}` : '—'}</Descriptions.Item>
          <Descriptions.Item label="项目性质">{p.isExpansion ? '增资扩产' : '新引进'}</Descriptions.Item>
          <Descriptions.Item label="总投资">
            <span data-testid="project-total-investment">{money(p.totalInvestment)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="合同投资">{money(p.contractedInvestment)}</Descriptions.Item>
          <Descriptions.Item label="到位资金（累计）">
            <span data-testid="project-funds">{money(p.fundsInPlace)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="用地">{p.landMu ? `${p.landMu} 亩` : '—'}</Descriptions.Item>
          <Descriptions.Item label="预计用工">{p.expectedJobs != null ? `${p.expectedJobs} 人` : '—'}</Descriptions.Item>
          {stageDates
            .filter(([, d]) => d)
            .map(([label, d]) => (
              <Descriptions.Item key={label} label={`${label}日期`}>
                {zhDate(d)}
              </Descriptions.Item>
            ))}
        </Descriptions>
      </Card>

      <Card title="投资人与投资企业">
        <Descriptions column={1}>
          <Descriptions.Item label="投资人（会员）">
            {p.investors.length ? (
              <Space wrap>
                {p.investors.map((m) => (
                  <Link key={m.id} to={`/members/${m.id}`}>
                    {m.name}
                    {m.hometown ? `（${m.hometown.name}）` : ''}
                  </Link>
                ))}
              </Space>
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="投资企业">{p.enterprises.map((e) => e.name).join('、') || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        title="联系领导与服务专员"
        extra={
          rights.manage && (
            <Button size="small" onClick={() => void assignOfficial()} data-testid="action-assign">
              指派
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.pastOfficials}
          locale={{ emptyText: '尚未指派' }}
          data-testid="officials"
          columns={[
            { title: '角色', render: (_, o) => zh(PROJECT_OFFICIAL_ROLE, o.role) },
            { title: '姓名', render: (_, o) => o.official.name },
            { title: '单位职务', render: (_, o) => `${o.official.unit}${o.official.title}` },
            { title: '联系期间', render: (_, o) => `${zhDate(o.validFrom)} 至 ${o.validTo ? zhDate(o.validTo) : '今'}` },
            {
              title: '',
              render: (_, o) =>
                o.validTo ? (
                  <Tag>已结束</Tag>
                ) : rights.manage ? (
                  <Button size="small" onClick={() => endOfficial(o)}>
                    结束联系
                  </Button>
                ) : (
                  <Tag color="blue">现任</Tag>
                ),
            },
          ]}
        />
      </Card>

      <Card title="阶段记录">
        {p.stageHistory.length === 0 ? (
          <Empty description="无" />
        ) : (
          <Timeline
            data-testid="stage-history"
            items={p.stageHistory.map((e) => ({
              children: (
                <>
                  {zhDate(e.onDate)}：{e.fromStage ? `${zh(INVESTMENT_STAGE, e.fromStage)} → ` : ''}
                  {zh(INVESTMENT_STAGE, e.toStage)}
                  {e.reason ? `（${e.reason}）` : ''}
                </>
              ),
            }))}
          />
        )}
      </Card>

      <Card title={`到位资金（累计 ${money(p.fundsInPlace)}）`}>
        <Typography.Paragraph type="secondary">到位资金记录只增不改：更正以一条新记录登记差额，并注明所更正的记录。</Typography.Paragraph>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.fundingRecords}
          locale={{ emptyText: '暂无到位资金' }}
          data-testid="funding-table"
          columns={[
            { title: '到位日期', render: (_, r) => zhDate(r.receivedOn) },
            { title: '金额', align: 'right', render: (_, r) => <span title={yuan(r.amount)}>{money(r.amount)}</span> },
            { title: '来源', render: (_, r) => zh(FUNDING_SOURCE, r.source) },
            {
              title: '说明',
              render: (_, r) => {
                const original = r.correctsId ? recordsById.get(r.correctsId) : undefined;
                return (
                  <>
                    {r.correctsId && <Tag color="purple">更正{original ? `：${zhDate(original.receivedOn)} 的 ${money(original.amount)}` : ''}</Tag>}
                    {r.note || (r.correctsId ? '' : '—')}
                  </>
                );
              },
            },
            {
              title: '',
              render: (_, r) =>
                rights.manage && !r.correctsId ? (
                  <Button size="small" onClick={() => correctFunding(r)}>
                    更正
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card title="进展记录">
        {p.notes.length === 0 ? (
          <Empty description="无" />
        ) : (
          <List
            dataSource={p.notes}
            renderItem={(n) => (
              <List.Item>
                {zhDate(n.writtenOn)} · {n.text}
                {n.officialId && officialName(n.officialId) ? `（${officialName(n.officialId)}）` : ''}
              </List.Item>
            )}
            data-testid="notes"
          />
        )}
      </Card>

      <Card title="问题反映">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.issues}
          locale={{ emptyText: '无' }}
          data-testid="issues"
          columns={[
            { title: '反映日期', render: (_, i) => zhDate(i.raisedOn) },
            { title: '类别', render: (_, i) => zh(PROJECT_ISSUE_CATEGORY, i.category) },
            { title: '问题', render: (_, i) => i.description },
            { title: '责任单位', render: (_, i) => i.unit },
            {
              title: '状态',
              render: (_, i) => (
                <>
                  <Tag color={i.status === 'OPEN' ? 'orange' : 'green'}>{zh(PROJECT_ISSUE_STATUS, i.status)}</Tag>
                  {i.resolvedOn ? `${zhDate(i.resolvedOn)}：${i.resolution ?? ''}` : ''}
                </>
              ),
            },
            {
              title: '',
              render: (_, i) =>
                rights.manage && i.status === 'OPEN' ? (
                  <Button size="small" onClick={() => resolveIssue(i)}>
                    标记解决
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Card
        title="效能投诉"
        extra={
          rights.manage && (
            <Button size="small" onClick={recordComplaint} data-testid="action-complaint">
              登记投诉
            </Button>
          )
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.complaints}
          locale={{ emptyText: '无' }}
          columns={[
            { title: '收到日期', render: (_, c) => zhDate(c.receivedOn) },
            { title: '投诉人', render: (_, c) => c.complainant },
            { title: '内容', render: (_, c) => c.content },
            {
              title: '办理',
              render: (_, c) =>
                [c.assignedUnit && `交办：${c.assignedUnit}`, c.handling && `办理：${c.handling}（${zhDate(c.handledOn)}）`, c.result && `结果：${c.result}（${zhDate(c.closedOn)}）`]
                  .filter(Boolean)
                  .join('；') || '—',
            },
            { title: '状态', render: (_, c) => <Tag>{zh(COMPLAINT_STATUS, c.status)}</Tag> },
            {
              title: '',
              render: (_, c) =>
                rights.manage && c.status !== 'CLOSED' ? (
                  <Button size="small" onClick={() => complaintStep(c)}>
                    {c.status === 'RECORDED' ? '交办' : c.status === 'ASSIGNED' ? '办理' : '办结'}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      {action && <ActionModal open title={action.title} testId={action.testId} fields={action.fields} onClose={() => setAction(null)} submit={action.submit} />}
    </Space>
  );
}
