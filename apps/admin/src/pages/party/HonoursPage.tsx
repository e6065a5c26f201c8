import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { HONOR_AWARD_STATUS, HONOR_BENEFIT_STATUS, HONOR_LEVEL, HONOR_NOMINATION_STATUS, HONOR_ROUND_STATUS, HONOR_SUBJECT_KIND } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { showFieldErrors } from '../../components/form-errors';
import { NOMINATORS } from './common';
import { Pager, useCursorStack } from '../../components/Pager';
import { MemberPicker } from '../../components/MemberPicker';
import { useSingleSubmit } from '../../components/use-single-submit';

const RoundsQuery = graphql(`
  query AdminHonorRounds {
    honorRounds {
      id name year status heldOn noticeStartsOn noticeEndsOn confirmedOn version
      types { quota used honorType { id name subjectKind level awardingBody } }
    }
  }
`);
type Round = NonNullable<ResultOf<typeof RoundsQuery>['honorRounds']>[number];

const NominationsQuery = graphql(`
  query AdminHonorNominations($first: Int!, $after: String, $filter: HonorNominationFilter) {
    honorNominations(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id roundId status subjectKind reason decisionReason nominatedAt version
          honorType { id name }
          member { id name }
          chamber { id name }
          enterprise { id name }
        }
      }
    }
  }
`);
type Nomination = NonNullable<ResultOf<typeof NominationsQuery>['honorNominations']>['edges'][number]['node'];

const AwardsQuery = graphql(`
  query AdminHonorAwards($first: Int!, $after: String, $filter: HonorAwardFilter) {
    honorAwards(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id year awardedOn certificateNo status subjectKind revokedOn revokeReason
          honorType { id name level }
          member { id name }
          chamber { id name }
          enterprise { id name }
        }
      }
    }
  }
`);
type Award = NonNullable<ResultOf<typeof AwardsQuery>['honorAwards']>['edges'][number]['node'];

const BenefitsQuery = graphql(`
  query AdminHonorBenefits($first: Int!, $after: String) {
    honorBenefits(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id awardId name year status deliveredOn note } }
    }
    honorAwardCounts(by: YEAR) { key count }
  }
`);
type Benefit = NonNullable<ResultOf<typeof BenefitsQuery>['honorBenefits']>['edges'][number]['node'];

const Nominate = graphql(`
  mutation AdminNominate($input: NominateInput!) {
    nominateForHonor(input: $input) { id status }
  }
`);
const Withdraw = graphql(`
  mutation AdminWithdrawNomination($id: ID!, $input: HonorDecisionInput!) {
    withdrawHonorNomination(id: $id, input: $input) { id status version }
  }
`);
const OwnChamber = graphql(`
  query AdminHonourChamber($id: ID!) {
    chamber(id: $id) { id name }
  }
`);

/** Statuses a nominator may withdraw from, and the round statuses that allow it (the API's rule). */
const WITHDRAWABLE = ['SUBMITTED', 'SHORTLISTED', 'APPROVED'];
const WITHDRAW_ROUNDS = ['NOMINATING', 'PUBLISHED'];
const NOMINATION_COLOR: Record<string, string> = { SUBMITTED: 'blue', SHORTLISTED: 'cyan', APPROVED: 'green', AWARDED: 'gold', REJECTED: 'red', WITHDRAWN: 'default' };

function subjectOf(x: { subjectKind: string; member?: { id: string; name: string } | null; chamber?: { id: string; name: string } | null; enterprise?: { name: string } | null }) {
  if (x.member) return <Link to={`/members/${x.member.id}`}>{x.member.name}</Link>;
  if (x.chamber) return <Link to={`/chamber/${x.chamber.id}`}>{x.chamber.name}</Link>;
  if (x.enterprise) return x.enterprise.name;
  return `${zh(HONOR_SUBJECT_KIND, x.subjectKind)}（不在您的范围内）`;
}

interface NominateValues {
  roundId: string;
  honorTypeId: string;
  subjectId?: string;
  reason?: string;
  facts?: string;
}
const NOMINATE_FIELDS = ['roundId', 'honorTypeId', 'subjectId', 'subjectKind', 'reason', 'facts', 'nominatingChamberId'] as const;

/**
 * 荣誉提名: the rounds (open ones first), the nominations the caller reads with their status (withdraw
 * while the API allows it), 提名 (a member of the chamber, or the chamber itself), and the awards
 * of the chamber's members and chambers.
 */
export default function HonoursPage() {
  const me = useMe();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'nominations';
  const rounds = useQuery(RoundsQuery, {});
  const roundById = useMemo(() => new Map((rounds.data?.honorRounds ?? []).map((r) => [r.id, r])), [rounds.data]);
  const openRounds = (rounds.data?.honorRounds ?? []).filter((r) => r.status === 'NOMINATING');
  const [roundFilter, setRoundFilter] = useState<string>();
  const [statusFilter, setStatusFilter] = useState<string>();
  const nomStack = useCursorStack();
  const nominations = useQuery(NominationsQuery, {
    first: 20,
    after: nomStack.after,
    filter: { ...(roundFilter ? { roundId: roundFilter } : {}), ...(statusFilter ? { status: statusFilter as 'SUBMITTED' } : {}) },
  });
  const awardStack = useCursorStack();
  const awards = useQuery(AwardsQuery, { first: 20, after: awardStack.after, filter: {} }, { skip: tab !== 'awards' });
  const benefitStack = useCursorStack();
  const benefits = useQuery(BenefitsQuery, { first: 20, after: benefitStack.after }, { skip: tab !== 'awards' });
  const chamberId = me.scope.chamberId ?? undefined;
  const chamber = useQuery(OwnChamber, { id: chamberId ?? '' }, { skip: !chamberId });

  const [nominating, setNominating] = useState(false);
  const [form] = Form.useForm<NominateValues>();
  const [formError, setFormError] = useState<string>();
  const roundId = Form.useWatch('roundId', form);
  const typeId = Form.useWatch('honorTypeId', form);
  const chosenRound = roundId ? roundById.get(roundId) : undefined;
  const chosenType = chosenRound?.types.find((t) => t.honorType.id === typeId)?.honorType;
  const canNominate = NOMINATORS.includes(me.role);

  const single = useSingleSubmit();
  const nominate = single(async (v: NominateValues) => {
    setFormError(undefined);
    const kind = chosenType?.subjectKind ?? 'MEMBER';
    try {
      await request(Nominate, {
        input: {
          roundId: v.roundId,
          honorTypeId: v.honorTypeId,
          subjectKind: kind,
          subjectId: kind === 'CHAMBER' ? chamberId ?? '' : v.subjectId ?? '',
          reason: v.reason ?? '',
          facts: v.facts?.trim() || null,
          ...(chamberId ? { nominatingChamberId: chamberId } : {}),
        },
      });
      message.success('已提名');
      setNominating(false);
      form.resetFields();
      setParams({ tab: 'nominations' }, { replace: true });
      nomStack.reset();
      await Promise.all([nominations.reload(), rounds.reload()]);
    } catch (e) {
      setFormError(e instanceof ApiError ? showFieldErrors(form, e, NOMINATE_FIELDS) : '提名失败，请稍后再试');
    }
  });

  const withdraw = (n: Nomination) =>
    modal.confirm({
      title: '撤回提名',
      content: `撤回对“${n.member?.name ?? n.chamber?.name ?? ''}”的${n.honorType.name}提名？撤回后名额释放。`,
      okText: '撤回',
      cancelText: '取消',
      onOk: async () => {
        try {
          await request(Withdraw, { id: n.id, input: { version: n.version } });
          message.success('已撤回');
        } catch (e) {
          message.error(e instanceof ApiError ? e.messageZh : '撤回失败');
        }
        await Promise.all([nominations.reload(), rounds.reload()]);
      },
    });

  const nominationTable = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="评选批次"
          style={{ width: 260 }}
          value={roundFilter}
          onChange={(v) => {
            setRoundFilter(v);
            nomStack.reset();
          }}
          options={(rounds.data?.honorRounds ?? []).map((r) => ({ value: r.id, label: r.name }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 130 }}
          value={statusFilter}
          onChange={(v) => {
            setStatusFilter(v);
            nomStack.reset();
          }}
          options={Object.entries(HONOR_NOMINATION_STATUS).map(([value, label]) => ({ value, label }))}
        />
      </Space>
      {nominations.error && <Alert type="error" showIcon message={nominations.error.messageZh} />}
      <Table<Nomination>
        rowKey="id"
        size="middle"
        loading={nominations.loading}
        pagination={false}
        dataSource={nominations.data?.honorNominations?.edges.map((e) => e.node) ?? []}
        data-testid="nomination-table"
        columns={[
          { title: '被提名', render: (_, n) => subjectOf(n) },
          { title: '荣誉', render: (_, n) => n.honorType.name },
          { title: '评选批次', render: (_, n) => roundById.get(n.roundId)?.name ?? '—' },
          { title: '提名时间', render: (_, n) => zhDate(n.nominatedAt) },
          {
            title: '状态',
            render: (_, n) => (
              <Space direction="vertical" size={0}>
                <Tag color={NOMINATION_COLOR[n.status]}>{zh(HONOR_NOMINATION_STATUS, n.status)}</Tag>
                {n.decisionReason && <Typography.Text type="secondary">{n.decisionReason}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '操作',
            render: (_, n) =>
              canNominate && WITHDRAWABLE.includes(n.status) && WITHDRAW_ROUNDS.includes(roundById.get(n.roundId)?.status ?? '') ? (
                <Button size="small" danger onClick={() => withdraw(n)} data-testid="withdraw-nomination">
                  撤回
                </Button>
              ) : null,
          },
        ]}
      />
      <Pager total={nominations.data?.honorNominations?.totalCount} unit="项提名" stack={nomStack} pageInfo={nominations.data?.honorNominations?.pageInfo} testId="nomination-total" />
    </Space>
  );

  const roundTable = (
    <Table<Round>
      rowKey="id"
      size="middle"
      loading={rounds.loading}
      pagination={false}
      dataSource={[...(rounds.data?.honorRounds ?? [])].sort((a, b) => Number(b.status === 'NOMINATING') - Number(a.status === 'NOMINATING'))}
      data-testid="round-table"
      columns={[
        { title: '评选批次', render: (_, r) => r.name },
        { title: '年度', render: (_, r) => `${r.year}年`, width: 90 },
        { title: '状态', render: (_, r) => <Tag color={r.status === 'NOMINATING' ? 'green' : 'default'}>{zh(HONOR_ROUND_STATUS, r.status)}</Tag>, width: 90 },
        {
          title: '公示期',
          render: (_, r) => (r.noticeStartsOn ? `${zhDate(r.noticeStartsOn)} 至 ${zhDate(r.noticeEndsOn)}` : '—'),
        },
        {
          title: '荣誉与名额（已用 / 名额）',
          render: (_, r) =>
            r.types.map((t) => (
              <div key={t.honorType.id}>
                {t.honorType.name}（{zh(HONOR_LEVEL, t.honorType.level)}，{zh(HONOR_SUBJECT_KIND, t.honorType.subjectKind)}）：{t.used} / {t.quota ?? '不限'}
              </div>
            )),
        },
      ]}
    />
  );

  const awardRows = awards.data?.honorAwards?.edges.map((e) => e.node) ?? [];
  const awardTable = (
    <Space direction="vertical" style={{ width: '100%' }}>
      {awards.error && <Alert type="error" showIcon message={awards.error.messageZh} />}
      <Table<Award>
        rowKey="id"
        size="middle"
        loading={awards.loading}
        pagination={false}
        dataSource={awardRows}
        data-testid="award-table"
        columns={[
          { title: '获奖', render: (_, a) => subjectOf(a) },
          { title: '荣誉', render: (_, a) => `${a.honorType.name}（${zh(HONOR_LEVEL, a.honorType.level)}）` },
          { title: '年度', render: (_, a) => `${a.year}年`, width: 90 },
          { title: '授予日期', render: (_, a) => zhDate(a.awardedOn) },
          { title: '证书编号', render: (_, a) => a.certificateNo },
          {
            title: '状态',
            render: (_, a) => (
              <Space direction="vertical" size={0}>
                <Tag color={a.status === 'ACTIVE' ? 'green' : 'default'}>{zh(HONOR_AWARD_STATUS, a.status)}</Tag>
                {a.revokedOn && <Typography.Text type="secondary">{zhDate(a.revokedOn)}：{a.revokeReason}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
      <Pager total={awards.data?.honorAwards?.totalCount} unit="项荣誉" stack={awardStack} pageInfo={awards.data?.honorAwards?.pageInfo} />
      {(benefits.data?.honorAwardCounts ?? []).length > 0 && (
        <Typography.Text type="secondary">
          有效荣誉按年度：{(benefits.data?.honorAwardCounts ?? []).map((c) => `${c.key}年 ${c.count} 项`).join('，')}
        </Typography.Text>
      )}
      <Typography.Title level={5} style={{ marginTop: 8 }}>
        荣誉待遇落实
      </Typography.Title>
      {benefits.error && <Alert type="error" showIcon message={benefits.error.messageZh} />}
      <Table<Benefit>
        rowKey="id"
        size="small"
        loading={benefits.loading}
        pagination={false}
        dataSource={benefits.data?.honorBenefits?.edges.map((e) => e.node) ?? []}
        data-testid="benefit-table"
        columns={[
          {
            title: '获奖',
            render: (_, b) => {
              const a = awardRows.find((x) => x.id === b.awardId);
              return a ? <>{subjectOf(a)}（{a.honorType.name}）</> : '—';
            },
          },
          { title: '待遇', render: (_, b) => b.name },
          { title: '年度', render: (_, b) => `${b.year}年`, width: 90 },
          { title: '状态', render: (_, b) => <Tag color={b.status === 'DELIVERED' ? 'green' : b.status === 'DUE' ? 'orange' : 'default'}>{zh(HONOR_BENEFIT_STATUS, b.status)}</Tag> },
          { title: '落实日期', render: (_, b) => zhDate(b.deliveredOn) },
          { title: '备注', render: (_, b) => b.note ?? '—' },
        ]}
      />
      <Pager total={benefits.data?.honorBenefits?.totalCount} unit="项待遇" stack={benefitStack} pageInfo={benefits.data?.honorBenefits?.pageInfo} />
    </Space>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          荣誉提名
        </Typography.Title>
        {canNominate && (
          <Button type="primary" disabled={openRounds.length === 0} onClick={() => setNominating(true)} data-testid="nominate">
            {openRounds.length ? '提名' : '暂无开放提名的评选'}
          </Button>
        )}
      </Space>
      {rounds.error && <Alert type="error" showIcon message={rounds.error.messageZh} />}
      {openRounds.length > 0 && (
        <Alert type="info" showIcon message={`正在提名：${openRounds.map((r) => r.name).join('、')}`} data-testid="open-rounds" />
      )}
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={[
            { key: 'nominations', label: '提名', children: nominationTable },
            { key: 'rounds', label: '评选批次', children: roundTable },
            { key: 'awards', label: '获奖', children: awardTable },
          ]}
        />
      </Card>

      <Modal open={nominating} title="提名" okText="提交提名" cancelText="取消" onCancel={() => setNominating(false)} onOk={() => form.submit()} destroyOnHidden width={640}>
        <Form form={form} layout="vertical" onFinish={nominate} data-testid="nominate-form">
          <Form.Item label="评选批次" name="roundId" rules={[{ required: true, message: '请选择评选批次' }]}>
            <Select
              options={openRounds.map((r) => ({ value: r.id, label: r.name }))}
              onChange={() => form.setFieldValue('honorTypeId', undefined)}
              data-testid="field-round"
            />
          </Form.Item>
          <Form.Item label="荣誉" name="honorTypeId" rules={[{ required: true, message: '请选择荣誉' }]}>
            <Select
              disabled={!chosenRound}
              options={(chosenRound?.types ?? [])
                .filter((t) => t.honorType.subjectKind !== 'ENTERPRISE' && (t.honorType.subjectKind === 'MEMBER' || chamberId))
                .map((t) => ({
                  value: t.honorType.id,
                  label: `${t.honorType.name}（提名${zh(HONOR_SUBJECT_KIND, t.honorType.subjectKind)}，已用 ${t.used} / ${t.quota ?? '不限'}）`,
                }))}
              data-testid="field-type"
            />
          </Form.Item>
          {chosenType?.subjectKind === 'CHAMBER' ? (
            <Form.Item label="被提名商会">
              <Typography.Text>{chamber.data?.chamber?.name ?? '本商会'}</Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item label="被提名会员" name="subjectId" rules={[{ required: true, message: '请选择会员' }]}>
              <MemberPicker testId="field-subject" />
            </Form.Item>
          )}
          <Form.Item label="提名理由" name="reason">
            <Input.TextArea rows={3} data-testid="field-reason" />
          </Form.Item>
          <Form.Item label="主要事迹" name="facts">
            <Input.TextArea rows={3} />
          </Form.Item>
          {formError && <Alert type="error" showIcon message={formError} data-testid="nominate-error" />}
        </Form>
      </Modal>
    </Space>
  );
}
