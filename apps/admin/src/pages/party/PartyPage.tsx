import { Alert, Card, Col, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useState } from 'react';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { PARTY_COMMITTEE_STATUS, PARTY_LEADER_ROLE, PARTY_ORG_KIND, PARTY_ORG_STATUS } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { quarterChoices } from './common';
import { Pager, useCursorStack } from '../../components/Pager';
import { sharePercent } from '../../i18n/percent';

const UnitsQuery = graphql(`
  query AdminPartyUnits($first: Int!, $after: String, $filter: PartyOrganizationFilter, $year: Int!, $quarter: Int!) {
    partyOrganizations(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name kind status foundedOn
          chambers { id name }
          committee { id name }
          parent { id name }
          leaders { id name role current }
          activeMemberCount
          compliance(year: $year, quarter: $quarter) { compliant meetingsHeld items { kind required held met } }
        }
      }
    }
  }
`);
type Unit = NonNullable<ResultOf<typeof UnitsQuery>['partyOrganizations']>['edges'][number]['node'];

const CoverageQuery = graphql(`
  query AdminPartyCoverage {
    partyCoverage {
      chambers covered share goal goalMet units partyMembers mobileMembers committees committeeTarget
      unitsByKind { kind count }
      provinces { provinceCode name chambers covered share goalMet units partyMembers mobileMembers committeeName }
    }
    partyCommittees { id name status foundedOn hostChamber { id name } members { id name role current } }
  }
`);
type Province = NonNullable<ResultOf<typeof CoverageQuery>['partyCoverage']>['provinces'][number];
type Committee = NonNullable<ResultOf<typeof CoverageQuery>['partyCommittees']>[number];

/** A unit's party members and its 三会一课 in the chosen quarter (fields of the list: one request for the page). */
function UnitStats({ unit }: { unit: Unit }) {
  const members = <span data-testid="unit-members">党员 {unit.activeMemberCount} 人</span>;
  const c = unit.compliance;
  const required = c.items.reduce((n, i) => n + i.required, 0);
  const held = c.items.reduce((n, i) => n + Math.min(i.held, i.required), 0);
  return (
    <Space size={4} wrap>
      {members}
      <Tag color={c.compliant ? 'green' : 'orange'}>{c.compliant ? '三会一课达标' : '三会一课未达标'}</Tag>
      <Typography.Text type="secondary">
        应开 {required} 次，已开 {held} 次（共召开 {c.meetingsHeld} 次）
      </Typography.Text>
    </Space>
  );
}

function Coverage() {
  const { data, error } = useQuery(CoverageQuery, {});
  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  const c = data?.partyCoverage;
  if (!c) return null;
  return (
    <Card title="党组织覆盖" size="small" data-testid="party-coverage">
      <Row gutter={16}>
        <Col span={4}><Statistic title="商会" value={c.chambers} suffix="家" /></Col>
        <Col span={4}><Statistic title="已建党组织的商会" value={c.covered} suffix="家" /></Col>
        <Col span={4}>
          <Statistic title={`覆盖率（目标 ${sharePercent(c.goal)}）`} value={sharePercent(c.share)} valueStyle={{ color: c.goalMet ? '#389e0d' : '#d46b08' }} />
        </Col>
        <Col span={4}><Statistic title="党组织" value={c.units} suffix="个" /></Col>
        <Col span={4}><Statistic title="党员（流动党员）" value={`${c.partyMembers}（${c.mobileMembers}）`} /></Col>
        <Col span={4}><Statistic title="党工委（目标）" value={`${c.committees} / ${c.committeeTarget}`} /></Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {c.unitsByKind.map((k) => `${zh(PARTY_ORG_KIND, k.kind)} ${k.count} 个`).join('，') || '暂无党组织'}
      </Typography.Paragraph>
      <Table<Province>
        size="small"
        rowKey="provinceCode"
        pagination={false}
        dataSource={c.provinces}
        columns={[
          { title: '省份', render: (_, p) => p.name ?? p.provinceCode },
          { title: '党工委', render: (_, p) => p.committeeName ?? '—' },
          { title: '商会', render: (_, p) => p.chambers },
          { title: '已覆盖', render: (_, p) => p.covered },
          { title: '覆盖率', render: (_, p) => <Tag color={p.goalMet ? 'green' : 'orange'}>{sharePercent(p.share)}</Tag> },
          { title: '党组织', render: (_, p) => p.units },
          { title: '党员', render: (_, p) => p.partyMembers },
          { title: '流动党员', render: (_, p) => p.mobileMembers },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        党工委
      </Typography.Title>
      <Table<Committee>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={data?.partyCommittees ?? []}
        data-testid="party-committees"
        columns={[
          { title: '名称', render: (_, m) => m.name },
          { title: '依托商会', render: (_, m) => m.hostChamber?.name ?? '—' },
          { title: '成立日期', render: (_, m) => zhDate(m.foundedOn) },
          {
            title: '班子成员',
            render: (_, m) =>
              m.members
                .filter((l) => l.current)
                .map((l) => `${zh(PARTY_LEADER_ROLE, l.role)} ${l.name}`)
                .join('，') || '—',
          },
          { title: '状态', render: (_, m) => zh(PARTY_COMMITTEE_STATUS, m.status) },
        ]}
      />
    </Card>
  );
}

/**
 * 党组织: the party units the caller reads (a secretariat: those of its chambers and below), with
 * their leaders, members and 三会一课 in a chosen quarter; for the office, coverage against 80%.
 */
export default function PartyPage() {
  const me = useMe();
  const stack = useCursorStack();
  const [kind, setKind] = useState<string>();
  const [status, setStatus] = useState<string | undefined>('ACTIVE');
  const [period, setPeriod] = useState(() => quarterChoices()[0].value);
  const [year, quarter] = period.split('-').map(Number);
  const filter = { ...(kind ? { kind: kind as 'BRANCH' } : {}), ...(status ? { status: status as 'ACTIVE' } : {}) };
  const { data, error, loading } = useQuery(UnitsQuery, { first: 20, after: stack.after, filter, year, quarter });
  const rows = data?.partyOrganizations?.edges.map((e) => e.node) ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        党组织
      </Typography.Title>
      {me.role !== 'CHAMBER_SECRETARY' && <Coverage />}
      <Space wrap>
        <Select
          allowClear
          placeholder="类型"
          style={{ width: 150 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            stack.reset();
          }}
          options={Object.entries(PARTY_ORG_KIND).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            stack.reset();
          }}
          options={Object.entries(PARTY_ORG_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Select style={{ width: 170 }} value={period} onChange={setPeriod} options={quarterChoices()} data-testid="party-quarter" />
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <Table<Unit>
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={rows}
        data-testid="party-units"
        columns={[
          { title: '名称', render: (_, u) => <Link to={`/party/${u.id}`}>{u.name}</Link> },
          { title: '类型', render: (_, u) => zh(PARTY_ORG_KIND, u.kind), width: 110 },
          { title: '所在商会', render: (_, u) => u.chambers.map((c) => c.name).join('、') || '—' },
          { title: '隶属', render: (_, u) => u.parent?.name ?? u.committee?.name ?? '—' },
          {
            title: '负责人',
            render: (_, u) =>
              u.leaders
                .filter((l) => l.current)
                .map((l) => `${zh(PARTY_LEADER_ROLE, l.role)} ${l.name}`)
                .join('，') || '—',
          },
          { title: `党员与${year}年第${quarter}季度组织生活`, render: (_, u) => <UnitStats unit={u} /> },
          { title: '状态', render: (_, u) => <Tag color={u.status === 'ACTIVE' ? 'green' : 'default'}>{zh(PARTY_ORG_STATUS, u.status)}</Tag>, width: 80 },
        ]}
      />
      <Pager total={data?.partyOrganizations?.totalCount} unit="个党组织" stack={stack} pageInfo={data?.partyOrganizations?.pageInfo} testId="party-total" />
    </Space>
  );
}
