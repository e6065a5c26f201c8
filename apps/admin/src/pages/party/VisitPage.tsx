import { Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { graphql, ResultOf } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { FEEDBACK_CATEGORY, FEEDBACK_STATUS, OFFICIAL_LEVEL, VISIT_DIRECTION, VISIT_KIND } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { RAISERS } from './common';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';

const VisitQuery = graphql(`
  query AdminVisit($id: ID!) {
    visit(id: $id) {
      id visitedOn kind direction place summary followUps
      officials { leads official { id name title unit level } }
      chambers { id name }
      members { id name }
      enterprises { id name }
      opinions { id raisedOn category status text overdue }
    }
  }
`);
type Opinion = NonNullable<ResultOf<typeof VisitQuery>['visit']>['opinions'][number];

/** 走访详情: who went, when, where, whom they met, what was said, and the opinions raised in it. */
export default function VisitPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { data, error, loading } = useQuery(VisitQuery, { id });
  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error) return <ReadError error={error} what="走访记录" />;
  const v = data?.visit;
  if (!v) return <ReadError error={NOT_FOUND_ERROR} what="走访记录" />;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="visit-title">
        {zhDate(v.visitedOn)} {zh(VISIT_KIND, v.kind)}：{v.place}
      </Typography.Title>
      <Card size="small">
        <Descriptions column={2} size="small">
          <Descriptions.Item label="日期">{zhDate(v.visitedOn)}</Descriptions.Item>
          <Descriptions.Item label="形式">
            {zh(VISIT_KIND, v.kind)}（{zh(VISIT_DIRECTION, v.direction)}）
          </Descriptions.Item>
          <Descriptions.Item label="地点">{v.place}</Descriptions.Item>
          <Descriptions.Item label="参加人员">
            {v.officials.map((o) => (
              <Tag key={o.official.id} color={o.leads ? 'red' : 'default'}>
                {o.leads ? '带队 ' : ''}
                {o.official.name}（{o.official.unit}{o.official.title}，{zh(OFFICIAL_LEVEL, o.official.level)}）
              </Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label="走访商会">
            {v.chambers.map((c) => <Link key={c.id} to={`/chamber/${c.id}`} style={{ marginRight: 8 }}>{c.name}</Link>)}
            {v.chambers.length === 0 && '—'}
          </Descriptions.Item>
          <Descriptions.Item label="会见会员">
            {v.members.map((m) => <Link key={m.id} to={`/members/${m.id}`} style={{ marginRight: 8 }}>{m.name}</Link>)}
            {v.members.length === 0 && '—'}
          </Descriptions.Item>
          <Descriptions.Item label="企业" span={2}>{v.enterprises.map((e) => e.name).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="内容" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{v.summary || '—'}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="后续事项" span={2}>{v.followUps.length ? v.followUps.join('；') : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title="本次走访提出的意见建议"
        extra={
          RAISERS.includes(me.role) && (
            <Link to={`/opinions/new?visit=${v.id}`}>
              <Button>在此走访中提出意见建议</Button>
            </Link>
          )
        }
      >
        <Table<Opinion>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={v.opinions}
          data-testid="visit-opinions"
          columns={[
            { title: '提出日期', render: (_, o) => zhDate(o.raisedOn), width: 130 },
            { title: '类别', render: (_, o) => zh(FEEDBACK_CATEGORY, o.category), width: 90 },
            { title: '内容', render: (_, o) => <Link to={`/opinions/${o.id}`}>{o.text.length > 60 ? `${o.text.slice(0, 60)}…` : o.text}</Link> },
            { title: '状态', render: (_, o) => <Space size={4}><Tag>{zh(FEEDBACK_STATUS, o.status)}</Tag>{o.overdue && <Tag color="red">已超期</Tag>}</Space>, width: 150 },
          ]}
        />
      </Card>
    </Space>
  );
}
