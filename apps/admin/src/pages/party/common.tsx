import { Alert, Button, Result, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/client';
import { zhDate } from '../../i18n/zh';
import NotFoundPage from '../NotFoundPage';

/** Shared by the party, visit/opinion and honour pages (kept in this area, not in the shared files). */

/** A refused read: 未找到 for NOT_FOUND, 无权 for FORBIDDEN, otherwise the API's Chinese message. */
export function ReadError({ error, what }: { error: ApiError; what: string }) {
  if (error.code === 'NOT_FOUND') return <NotFoundPage what={what} />;
  if (error.code === 'FORBIDDEN') return <Result status="403" title="无权查看" subTitle={error.messageZh} data-testid="forbidden" />;
  return <Alert type="error" showIcon message={error.messageZh} data-testid="read-error" />;
}

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

export function Pager({
  total,
  unit,
  stack,
  pageInfo,
  testId,
}: {
  total: number | undefined;
  unit: string;
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

/**
 * Puts the API's field errors (paths such as `input.dueOn`) beside the form's fields; returns the
 * message of what no field shows, so the page can show it above the buttons (never hidden).
 */
export function showFieldErrors<V>(form: FormInstance<V>, error: ApiError, fields: readonly string[]): string | undefined {
  const placed: { name: string; errors: string[] }[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const name = path.replace(/^input\./, '').split('.')[0];
    if (fields.includes(name)) placed.push({ name, errors: [message] });
  }
  form.setFields(placed as Parameters<FormInstance<V>['setFields']>[0]);
  return placed.length ? undefined : error.messageZh;
}

/** Today in Beijing as YYYY-MM-DD. */
export function todayIso(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A share 0..1 as a percentage with one decimal. */
export function percent(share: number | null | undefined): string {
  if (share == null) return '—';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/** The quarter a date falls in, and the quarters a user may pick (this one and the seven before). */
export function quarterOf(d: Date): { year: number; quarter: number } {
  return { year: d.getFullYear(), quarter: Math.floor(d.getMonth() / 3) + 1 };
}
export function quarterChoices(): { value: string; label: string }[] {
  let { year, quarter } = quarterOf(new Date());
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 8; i++) {
    out.push({ value: `${year}-${quarter}`, label: `${year}年第${quarter}季度` });
    quarter -= 1;
    if (quarter === 0) {
      quarter = 4;
      year -= 1;
    }
  }
  return out;
}

/** Roles holding the API's feedback:raise (提出意见建议), feedback:handle (rating) and honor:nominate. The API still decides. */
export const RAISERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];
export const HANDLERS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'PROJECT_OFFICIAL'];
export const NOMINATORS: readonly string[] = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];

export const STATUS_COLOR: Record<string, string> = { OPEN: 'orange', ASSIGNED: 'blue', ANSWERED: 'cyan', CLOSED: 'green' };

/** Who raised an opinion: the member, the chamber, or the visit it came from. */
export function raiserOf(o: { raisedByMember?: { name: string } | null; raisedByChamber?: { name: string } | null; visit?: { visitedOn: string } | null }): string {
  if (o.raisedByMember) return o.raisedByMember.name;
  if (o.raisedByChamber) return o.raisedByChamber.name;
  if (o.visit) return `${zhDate(o.visit.visitedOn)}走访`;
  return '—';
}
