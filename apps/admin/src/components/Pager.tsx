import { Button, Space, Typography } from 'antd';
import { useState } from 'react';

/** Forward-only cursor paging with 上一页: a stack of the cursors of the pages before (as 会员 does). */
export function useCursorStack() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    after: cursors[cursors.length - 1],
    page: cursors.length,
    reset: () => setCursors([null]),
    back: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    next: (endCursor: string | null | undefined) => setCursors((c) => [...c, endCursor ?? null]),
  };
}

/** 共 N 条 · 第 k 页 with 上一页 / 下一页, for every list paged by cursors. */
export function Pager({
  total,
  unit = '条',
  stack,
  pageInfo,
  testId,
}: {
  total: number | undefined;
  unit?: string;
  stack: ReturnType<typeof useCursorStack>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | undefined;
  testId?: string;
}) {
  return (
    <Space style={{ justifyContent: 'space-between', width: '100%' }}>
      <Typography.Text type="secondary" data-testid={testId}>
        共 {total ?? 0} {unit} · 第 {stack.page} 页
      </Typography.Text>
      <Space>
        <Button disabled={stack.page <= 1} onClick={stack.back}>
          上一页
        </Button>
        <Button disabled={!pageInfo?.hasNextPage} onClick={() => stack.next(pageInfo?.endCursor)}>
          下一页
        </Button>
      </Space>
    </Space>
  );
}
