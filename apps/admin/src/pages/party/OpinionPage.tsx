import { Alert, App, Button, Card, Descriptions, Rate, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { FEEDBACK_ACTION, FEEDBACK_CATEGORY, FEEDBACK_STATUS } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { HANDLERS, raiserOf, STATUS_COLOR } from './common';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';

const OpinionQuery = graphql(`
  query AdminOpinion($id: ID!) {
    opinion(id: $id) {
      id raisedOn category status text dueOn overdue satisfaction closedAt firstAnsweredAt assigneeUnit version
      raisedByMember { id name }
      raisedByChamber { id name }
      visit { id visitedOn place }
      assigneeOfficial { id name title unit }
      answers { id answeredOn authorName text }
      history { action at fromStatus toStatus note }
    }
  }
`);
const RateOpinion = graphql(`
  mutation AdminRateOpinion($id: ID!, $input: RateFeedbackInput!) {
    rateOpinion(id: $id, input: $input) { id satisfaction version }
  }
`);

/** 意见建议详情: the opinion, who handles it, the answers and every step of its history; rating once closed (the handlers). */
export default function OpinionPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const { data, error, loading, reload } = useQuery(OpinionQuery, { id });
  const [rating, setRating] = useState<number>();
  const [rateError, setRateError] = useState<string>();
  if (loading && !data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (error) return <ReadError error={error} what="意见建议" />;
  const o = data?.opinion;
  if (!o) return <ReadError error={NOT_FOUND_ERROR} what="意见建议" />;

  const rate = async () => {
    if (!rating) return;
    setRateError(undefined);
    try {
      await request(RateOpinion, { id: o.id, input: { satisfaction: rating, version: o.version } });
      message.success('已评价');
      setRating(undefined);
      await reload();
    } catch (e) {
      setRateError(e instanceof ApiError ? e.messageZh : '评价失败，请稍后再试');
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Typography.Title level={3} style={{ margin: 0 }}>
          意见建议
        </Typography.Title>
        <Tag color={STATUS_COLOR[o.status]} data-testid="opinion-status">
          {zh(FEEDBACK_STATUS, o.status)}
        </Tag>
        {o.overdue && <Tag color="red">已超期</Tag>}
      </Space>
      <Card size="small">
        <Descriptions column={2} size="small">
          <Descriptions.Item label="提出人">
            {o.raisedByMember ? <Link to={`/members/${o.raisedByMember.id}`}>{o.raisedByMember.name}</Link> : raiserOf(o)}
          </Descriptions.Item>
          <Descriptions.Item label="提出日期">{zhDate(o.raisedOn)}</Descriptions.Item>
          <Descriptions.Item label="类别">{zh(FEEDBACK_CATEGORY, o.category)}</Descriptions.Item>
          <Descriptions.Item label="来自走访">{o.visit ? <Link to={`/visits/${o.visit.id}`}>{zhDate(o.visit.visitedOn)} {o.visit.place}</Link> : '—'}</Descriptions.Item>
          <Descriptions.Item label="承办">
            {o.assigneeOfficial ? `${o.assigneeOfficial.name}（${o.assigneeOfficial.unit}${o.assigneeOfficial.title}）` : o.assigneeUnit ?? '尚未交办'}
          </Descriptions.Item>
          <Descriptions.Item label="办理期限">{zhDate(o.dueOn)}</Descriptions.Item>
          <Descriptions.Item label="内容" span={2}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="opinion-text">
              {o.text}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="满意度">{o.satisfaction ? <Rate disabled value={o.satisfaction} /> : '—'}</Descriptions.Item>
          <Descriptions.Item label="办结时间">{zhDate(o.closedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="答复">
        {o.answers.length === 0 && <Typography.Text type="secondary">尚无答复</Typography.Text>}
        {o.answers.map((a) => (
          <Card key={a.id} type="inner" size="small" title={`${a.authorName} · ${zhDate(a.answeredOn)}`} style={{ marginBottom: 8 }}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{a.text}</Typography.Paragraph>
          </Card>
        ))}
      </Card>
      <Card size="small" title="办理经过">
        <Timeline
          items={o.history.map((h) => ({
            children: (
              <span>
                {zhDate(h.at)} {FEEDBACK_ACTION[h.action] ?? '办理'}：{h.fromStatus ? `${zh(FEEDBACK_STATUS, h.fromStatus)} → ` : ''}
                {zh(FEEDBACK_STATUS, h.toStatus)}
                {h.note ? `（${h.note}）` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      {HANDLERS.includes(me.role) && o.status === 'CLOSED' && (
        <Card size="small" title="满意度评价">
          <Space>
            <Rate value={rating ?? o.satisfaction ?? 0} onChange={setRating} data-testid="opinion-rate" />
            <Button type="primary" disabled={!rating} onClick={() => void rate()}>
              保存评价
            </Button>
          </Space>
          {rateError && <Alert type="error" showIcon message={rateError} style={{ marginTop: 8 }} />}
        </Card>
      )}
    </Space>
  );
}
