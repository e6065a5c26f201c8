import { SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Popover, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { memo, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, authorizedFetch, saveDownload } from '../api/client';
import { graphql, ResultOf } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { DESIGNATION, GENDER, MEMBER_STATUS, zh, zhDate } from '../i18n/zh';
import { useMe } from '../session';

export const MembersQuery = graphql(`
  query AdminMembers($first: Int!, $after: String, $filter: MemberFilter, $sort: MemberSort!) {
    members(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id name namePinyin gender birthYear phones completeness status designations registeredAt
          hometown { name }
          enterprises { enterprise { name } }
        }
      }
    }
  }
`);
export type MemberRow = NonNullable<ResultOf<typeof MembersQuery>['members']>['edges'][number]['node'];

const ALL_COLUMNS: { key: string; title: string; render(m: MemberRow): React.ReactNode; width?: number }[] = [
  { key: 'name', title: '姓名', render: (m) => <Link to={`/members/${m.id}`}>{m.name}</Link>, width: 110 },
  { key: 'namePinyin', title: '拼音', render: (m) => m.namePinyin },
  { key: 'gender', title: '性别', render: (m) => zh(GENDER, m.gender), width: 60 },
  { key: 'birthYear', title: '出生年份', render: (m) => m.birthYear ?? '—', width: 90 },
  { key: 'phone', title: '手机', render: (m) => m.phones[0] ?? '—' },
  { key: 'hometown', title: '籍贯', render: (m) => m.hometown?.name ?? '—' },
  { key: 'enterprise', title: '企业', render: (m) => m.enterprises.map((e) => e.enterprise.name).join('、') || '—' },
  { key: 'completeness', title: '完整度', render: (m) => `${m.completeness}%`, width: 80 },
  {
    key: 'status',
    title: '状态',
    render: (m) => (
      <Space size={4} wrap>
        <Tag color={m.status === 'ACTIVE' ? 'green' : 'default'}>{zh(MEMBER_STATUS, m.status)}</Tag>
        {m.designations.map((d) => (
          <Tag key={d} color="gold">
            {zh(DESIGNATION, d)}
          </Tag>
        ))}
      </Space>
    ),
  },
  { key: 'registeredAt', title: '登记时间', render: (m) => zhDate(m.registeredAt.slice(0, 10)) },
];
const DEFAULT_COLUMNS = ['name', 'gender', 'birthYear', 'phone', 'hometown', 'enterprise', 'completeness', 'status'];
const COLUMN_STORE = 'crm-admin-member-columns';

function savedColumns(): string[] {
  try {
    const saved = JSON.parse(localStorage.getItem(COLUMN_STORE) ?? 'null');
    return Array.isArray(saved) && saved.every((k) => typeof k === 'string') ? saved : DEFAULT_COLUMNS;
  } catch {
    return DEFAULT_COLUMNS;
  }
}

/** The table alone, memoised: typing in the search box does not re-render 50 rows. */
export const MemberTable = memo(function MemberTable({ rows, columns, loading }: { rows: MemberRow[]; columns: string[]; loading: boolean }) {
  const cols: ColumnsType<MemberRow> = useMemo(
    () => ALL_COLUMNS.filter((c) => columns.includes(c.key)).map((c) => ({ key: c.key, title: c.title, width: c.width, render: (_: unknown, m: MemberRow) => c.render(m) })),
    [columns],
  );
  return <Table<MemberRow> rowKey="id" size="middle" columns={cols} dataSource={rows} loading={loading} pagination={false} data-testid="member-table" />;
});

/**
 * 会员: one search box (name fragments, pinyin, initials, phone endings, enterprise names — the
 * API reads the term by its shape), filters, cursor paging (a stack of the cursors of the pages
 * before) and a column chooser kept in this browser. The search, filters and page size are in
 * the URL, so a link or a reload shows the same list.
 */
export default function MembersPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const status = params.get('status') ?? undefined;
  const designation = params.get('designation') ?? undefined;
  const completenessBelow = params.get('below') ? Number(params.get('below')) : undefined;
  const first = Number(params.get('size') ?? 20);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [columns, setColumns] = useState<string[]>(savedColumns);
  const [text, setText] = useState(search);

  const filter = {
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(status ? { status: status as 'ACTIVE' } : {}),
    ...(designation ? { designation: designation as 'LEAD_GOOSE' } : {}),
    ...(completenessBelow ? { completenessBelow } : {}),
    ...(me.scope.chamberId ? { chamberSubtree: me.scope.chamberId } : {}),
  };
  const after = cursors[cursors.length - 1];
  const { data, error, loading } = useQuery(MembersQuery, { first, after, filter, sort: 'NAME' });
  const rows = useMemo(() => data?.members?.edges.map((e) => e.node) ?? [], [data]);

  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([null]);
  };
  const [exporting, setExporting] = useState(false);
  const exportCurrent = async () => {
    setExporting(true);
    try {
      const res = await authorizedFetch('/members/export', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'xlsx', filter, sort: 'NAME' }),
      });
      await saveDownload(res, '会员名单.xlsx');
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '导出失败');
    } finally {
      setExporting(false);
    }
  };
  const chooseColumns = (keys: string[]) => {
    setColumns(keys);
    localStorage.setItem(COLUMN_STORE, JSON.stringify(keys));
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          会员
        </Typography.Title>
        <Space>
          <Button loading={exporting} onClick={() => void exportCurrent()} data-testid="member-export">
            导出当前筛选（Excel）
          </Button>
          <Link to="/members/new">
            <Button type="primary">登记新会员</Button>
          </Link>
        </Space>
      </Space>
      <Space wrap>
        <Input.Search
          allowClear
          style={{ width: 360 }}
          placeholder="姓名（任意两字）、拼音、首字母、手机尾号、企业名称"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(v) => setParam('q', v.trim() || undefined)}
          data-testid="member-search"
        />
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 120 }}
          value={status}
          onChange={(v) => setParam('status', v)}
          options={Object.entries(MEMBER_STATUS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="称号"
          style={{ width: 180 }}
          value={designation}
          onChange={(v) => setParam('designation', v)}
          options={Object.entries(DESIGNATION).map(([value, label]) => ({ value, label }))}
        />
        <Select
          allowClear
          placeholder="资料完整度"
          style={{ width: 150 }}
          value={completenessBelow}
          onChange={(v) => setParam('below', v ? String(v) : undefined)}
          options={[60, 80, 100].map((v) => ({ value: v, label: `低于 ${v}%` }))}
        />
        <Popover
          trigger="click"
          title="显示的列"
          content={
            <Checkbox.Group
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
              value={columns}
              onChange={(v) => chooseColumns(v as string[])}
              options={ALL_COLUMNS.map((c) => ({ value: c.key, label: c.title, disabled: c.key === 'name' }))}
            />
          }
        >
          <Button icon={<SettingOutlined />}>列</Button>
        </Popover>
      </Space>
      {error && <Alert type="error" showIcon message={error.messageZh} data-testid="member-search-error" />}
      <MemberTable rows={rows} columns={columns} loading={loading} />
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="member-total">
          共 {data?.members?.totalCount ?? 0} 人 · 第 {cursors.length} 页
        </Typography.Text>
        <Space>
          <Select
            value={first}
            style={{ width: 110 }}
            onChange={(v) => setParam('size', String(v))}
            options={[20, 50, 100].map((v) => ({ value: v, label: `每页 ${v} 条` }))}
          />
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            上一页
          </Button>
          <Button
            disabled={!data?.members?.pageInfo.hasNextPage}
            onClick={() => setCursors((c) => [...c, data?.members?.pageInfo.endCursor ?? null])}
            data-testid="next-page"
          >
            下一页
          </Button>
        </Space>
      </Space>
    </Space>
  );
}
