import { Alert, Card, Descriptions, Space, Spin, Table, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { graphql, ResultOf } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { CHAMBER_KIND, CHAMBER_LEVEL, CHAMBER_STATUS, GUILD_HALL_STATUS, POSITION, zh, zhDate } from '../i18n/zh';
import { useMe } from '../session';
import NotFoundPage from './NotFoundPage';

const ChamberQuery = graphql(`
  query AdminChamber($id: ID!) {
    chamber(id: $id) {
      id name shortName level kind status foundedOn address phone email contactPerson dualBranded
      region { name }
      parent { id name }
      currentLeadership {
        number startsOn endsOn
        positions { id position holderName sortOrder member { id name } }
      }
      guildHall { name status plannedOn constructionStartedOn basicallyCompletedOn completedOn }
    }
    chamberSubtree(id: $id) { id name parentId status }
  }
`);
type Subtree = ResultOf<typeof ChamberQuery>['chamberSubtree'];

function treeOf(rows: Subtree, rootId: string): DataNode[] {
  const children = new Map<string, Subtree>();
  for (const c of rows) {
    const list = children.get(c.parentId ?? '') ?? [];
    list.push(c);
    children.set(c.parentId ?? '', list);
  }
  const build = (id: string): DataNode[] =>
    (children.get(id) ?? []).map((c) => ({ key: c.id, title: `${c.name}${c.status === 'ACTIVE' ? '' : `（${zh(CHAMBER_STATUS, c.status)}）`}`, children: build(c.id) }));
  const root = rows.find((r) => r.id === rootId);
  return root ? [{ key: root.id, title: root.name, children: build(root.id) }] : [];
}

/** 商会: the profile, the running term's positions, the chambers below as a tree, the guild hall. */
export default function ChamberPage() {
  const me = useMe();
  const params = useParams();
  const navigate = useNavigate();
  const id = params.id ?? me.scope.chamberId ?? '';
  const { data, error, loading } = useQuery(ChamberQuery, { id }, { skip: !id });
  const tree = useMemo(() => (data ? treeOf(data.chamberSubtree, data.chamber.id) : []), [data]);
  if (!id) return <Alert type="info" showIcon message="您的账号不属于某个商会；商会列表将在后续版本提供。" />;
  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error?.code === 'NOT_FOUND') return <NotFoundPage what="商会" />;
  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  const c = data?.chamber;
  if (!c) return null;
  const term = c.currentLeadership;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="chamber-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {c.name}
      </Typography.Title>
      <Card title="基本信息">
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="简称">{c.shortName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="层级">{zh(CHAMBER_LEVEL, c.level)}</Descriptions.Item>
          <Descriptions.Item label="类型">{zh(CHAMBER_KIND, c.kind)}</Descriptions.Item>
          <Descriptions.Item label="状态">{zh(CHAMBER_STATUS, c.status)}</Descriptions.Item>
          <Descriptions.Item label="所在地">{c.region?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="上级商会">{c.parent ? <Link to={`/chamber/${c.parent.id}`}>{c.parent.name}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="成立日期">{zhDate(c.foundedOn)}</Descriptions.Item>
          <Descriptions.Item label="联系人">{c.contactPerson ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="电话">{c.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="邮箱">{c.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="地址">{c.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="双重挂牌">{c.dualBranded ? '是' : '否'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={term ? `第${term.number}届领导班子（${zhDate(term.startsOn)} 至 ${term.endsOn ? zhDate(term.endsOn) : '今'}）` : '领导班子'}>
        {term ? (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={term.positions}
            columns={[
              { title: '职务', render: (_, p) => zh(POSITION, p.position) },
              { title: '姓名', render: (_, p) => (p.member ? <Link to={`/members/${p.member.id}`}>{p.member.name}</Link> : p.holderName) },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">当前没有在任的届次。</Typography.Text>
        )}
      </Card>
      <Card title="本会及下级商会">
        <Tree treeData={tree} defaultExpandAll onSelect={(keys) => keys[0] && navigate(`/chamber/${String(keys[0])}`)} />
      </Card>
      <Card title="会馆">
        {c.guildHall ? (
          <Descriptions column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label="名称">{c.guildHall.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="状态">{zh(GUILD_HALL_STATUS, c.guildHall.status)}</Descriptions.Item>
            <Descriptions.Item label="规划">{zhDate(c.guildHall.plannedOn)}</Descriptions.Item>
            <Descriptions.Item label="开工">{zhDate(c.guildHall.constructionStartedOn)}</Descriptions.Item>
            <Descriptions.Item label="基本建成">{zhDate(c.guildHall.basicallyCompletedOn)}</Descriptions.Item>
            <Descriptions.Item label="建成">{zhDate(c.guildHall.completedOn)}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">未登记会馆。</Typography.Text>
        )}
      </Card>
    </Space>
  );
}
