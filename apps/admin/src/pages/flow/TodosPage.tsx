import { Alert, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zh, zhDate } from '../../i18n/zh';
import { TODO_KIND } from '../../i18n/zh-flow';

const TodosQuery = graphql(`
  query FlowTodos {
    myTodos { kind id title dueAt overdue }
  }
`);

/** Where a to-do item is done: its notice, request or meeting page. */
function linkOf(kind: string, id: string): string {
  if (kind === 'ANSWER_REQUEST') return `/notices/requests/${id}`;
  if (kind === 'REGISTER_MEETING') return `/meetings/${id}`;
  return `/notices/${id}`;
}

/** 待办: what waits for the caller (notices to acknowledge, returns due, requests to answer, meetings to register for), soonest due first as the API orders it. */
export default function TodosPage() {
  const { data, error, loading } = useQuery(TodosQuery, {});
  const items = data?.myTodos ?? [];
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        待办
      </Typography.Title>
      {error && <Alert type="error" showIcon message={error.messageZh} />}
      <List
        bordered
        loading={loading}
        dataSource={items}
        locale={{ emptyText: <Empty description="没有待办事项" /> }}
        data-testid="todo-list"
        renderItem={(t) => (
          <List.Item
            key={`${t.kind}-${t.id}`}
            data-testid="todo-item"
            extra={
              <Space>
                <Typography.Text type="secondary">{t.dueAt ? `期限：${zhDate(t.dueAt)}` : '无期限'}</Typography.Text>
                {t.overdue && <Tag color="red">逾期</Tag>}
              </Space>
            }
          >
            <Space>
              <Tag color="blue">{zh(TODO_KIND, t.kind)}</Tag>
              <Link to={linkOf(t.kind, t.id)}>{t.title}</Link>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
