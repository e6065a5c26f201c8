import { Alert, Button, Card, Descriptions, Empty, List, Space, Spin, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { graphql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { QUALITY_ITEM, DESIGNATION, ENTERPRISE_ROLE, GENDER, MEMBER_SOURCE, MEMBER_STATUS, POLITICAL_KIND, POLITICAL_LEVEL, POSITION, zh, zhDate } from '../i18n/zh';
import NotFoundPage from './NotFoundPage';

export const MemberQuery = graphql(`
  query AdminMember($id: ID!) {
    member(id: $id) {
      id name namePinyin gender birthYear birthDate idNumber phones email wechat address note status source
      designations completeness personalDataMasked version registeredAt updatedAt tags
      missingFields
      hometown { name }
      currentRegion { name }
      memberships { id current joinedOn leftOn chamber { id name } }
      positions { id position holderName startsOn endsOn chamber { name } term { number } }
      enterprises { enterpriseId roles enterprise { name } }
      politicalRoles { id kind level termNumber current startsOn endsOn }
      honors { id year awardedOn status honorType { name } }
    }
  }
`);

const HistoryQuery = graphql(`
  query AdminContactHistory($memberId: ID!) {
    contactHistory(memberId: $memberId, first: 50) { on type text who status }
  }
`);

/** 会员详情: everything the API lets the caller read about one member; masked values stay masked. */
export default function MemberPage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(MemberQuery, { id });
  const history = useQuery(HistoryQuery, { memberId: id });
  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error?.code === 'NOT_FOUND' || (data && !data.member)) return <NotFoundPage what="会员" />;
  if (error) return <Alert type="error" showIcon message={error.messageZh} />;
  const m = data?.member;
  if (!m) return null;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="member-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {m.name} <Tag color={m.status === 'ACTIVE' ? 'green' : 'default'}>{zh(MEMBER_STATUS, m.status)}</Tag>
          {m.designations.map((d) => (
            <Tag key={d} color="gold">
              {zh(DESIGNATION, d)}
            </Tag>
          ))}
        </Typography.Title>
        <Link to={`/members/${m.id}/edit`}>
          <Button type="primary">编辑</Button>
        </Link>
      </Space>
      {m.personalDataMasked && <Alert type="info" showIcon message="身份证号、手机号等个人信息已按权限隐去部分内容。" />}
      <Card title="基本信息">
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="拼音">{m.namePinyin}</Descriptions.Item>
          <Descriptions.Item label="性别">{zh(GENDER, m.gender)}</Descriptions.Item>
          <Descriptions.Item label="出生日期">{m.birthDate ? zhDate(m.birthDate) : m.birthYear ? `${m.birthYear}年` : '—'}</Descriptions.Item>
          <Descriptions.Item label="身份证号">{m.idNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="手机">{m.phones.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="电子邮箱">{m.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="微信">{m.wechat ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="籍贯">{m.hometown?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="现居地">{m.currentRegion?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="地址">{m.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="来源">{zh(MEMBER_SOURCE, m.source)}</Descriptions.Item>
          <Descriptions.Item label="登记时间">{zhDate(m.registeredAt)}</Descriptions.Item>
          <Descriptions.Item label="资料完整度">
            {m.completeness}%{m.missingFields.length > 0 && <>（缺：{m.missingFields.map((f) => zh(QUALITY_ITEM, f)).join('、')}）</>}
          </Descriptions.Item>
          <Descriptions.Item label="标签">{m.tags.join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label="备注">{m.note ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="所属商会">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={m.memberships}
          columns={[
            { title: '商会', render: (_, r) => r.chamber?.name ?? '（权限范围外）' },
            { title: '入会日期', render: (_, r) => zhDate(r.joinedOn) },
            { title: '退会日期', render: (_, r) => zhDate(r.leftOn) },
            { title: '状态', render: (_, r) => (r.current ? '在会' : '已退会') },
          ]}
        />
      </Card>
      <Card title="商会职务">
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={m.positions}
          locale={{ emptyText: '无' }}
          columns={[
            { title: '商会', render: (_, r) => r.chamber?.name ?? '—' },
            { title: '届次', render: (_, r) => (r.term ? `第${r.term.number}届` : '—') },
            { title: '职务', render: (_, r) => zh(POSITION, r.position) },
            { title: '任期', render: (_, r) => `${zhDate(r.startsOn)} 至 ${r.endsOn ? zhDate(r.endsOn) : '今'}` },
          ]}
        />
      </Card>
      <Card title="企业">
        {m.enterprises.length === 0 ? (
          <Empty description="无" />
        ) : (
          <List dataSource={m.enterprises} renderItem={(e) => <List.Item>{e.enterprise.name}：{e.roles.map((r) => zh(ENTERPRISE_ROLE, r)).join('、')}</List.Item>} />
        )}
      </Card>
      <Card title="政治身份">
        {m.politicalRoles.length === 0 ? (
          <Empty description="无" />
        ) : (
          <List
            dataSource={m.politicalRoles}
            renderItem={(r) => (
              <List.Item>
                {zh(POLITICAL_LEVEL, r.level)}
                {zh(POLITICAL_KIND, r.kind)}
                {r.termNumber ? `（第${r.termNumber}届）` : ''} {r.current ? <Tag color="blue">现任</Tag> : <Tag>曾任</Tag>}
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card title="荣誉">
        {m.honors.length === 0 ? (
          <Empty description="无" />
        ) : (
          <List dataSource={m.honors} renderItem={(h) => <List.Item>{h.year}年 {h.honorType.name}{h.status === 'REVOKED' ? '（已撤销）' : ''}</List.Item>} />
        )}
      </Card>
      <Card title="联系记录（走访、意见建议及答复）">
        {history.error ? (
          <Alert type="warning" showIcon message={history.error.messageZh} />
        ) : (history.data?.contactHistory ?? []).length === 0 ? (
          <Empty description="无" />
        ) : (
          <List
            dataSource={history.data?.contactHistory ?? []}
            renderItem={(h) => (
              <List.Item>
                {zhDate(h.on)} · {h.who ?? ''} {h.text}
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
