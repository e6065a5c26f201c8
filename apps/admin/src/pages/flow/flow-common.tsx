import { PaperClipOutlined } from '@ant-design/icons';
import { App, Button, FormInstance, Space, Typography } from 'antd';
import { apiErrorOf, ApiError, authorizedFetch, saveDownload } from '../../api/client';
import { graphql } from '../../api/graphql';
import { zhDate } from '../../i18n/zh';

/** Roles that act for a unit (a chamber, a county office, a party organisation): they receive, acknowledge, return, register. */
export const UNIT_ROLES = ['CHAMBER_SECRETARY', 'COUNTY_OFFICER', 'PARTY_OFFICER'];
/** Roles that send notices (notice:send). */
export const SENDER_ROLES = ['ADMIN', 'COUNTY_OFFICER', 'CHAMBER_SECRETARY'];
/** Roles that register and cancel delegates of their unit (event:register). */
export const REGISTER_ROLES = ['CHAMBER_SECRETARY', 'COUNTY_OFFICER'];
/** Roles that raise requests upward (request:raise; the API takes a secretariat or a county office). */
export const RAISER_ROLES = ['CHAMBER_SECRETARY', 'COUNTY_OFFICER'];

/** The routing table of requests upward: category → desk and days to answer. */
export const DesksQuery = graphql(`
  query FlowRequestDesks {
    requestDesks { category desk dueDays }
  }
`);

/** Uploads one file to `POST /attachments` with the session's token; answers its id and name. */
export async function uploadAttachment(file: File): Promise<{ id: string; fileName: string }> {
  const body = new FormData();
  body.append('file', file, file.name);
  const res = await authorizedFetch('/attachments', { method: 'POST', body });
  if (!res.ok) throw await apiErrorOf(res);
  const json = (await res.json()) as { data: { attachment: { id: string; fileName: string } } };
  return json.data.attachment;
}

/** The attachments of a notice, request or return: each downloads with the bearer token, under the name the server gives. */
export function AttachmentLinks({ ids, testId }: { ids: readonly string[]; testId?: string }) {
  const { message } = App.useApp();
  if (!ids.length) return <Typography.Text type="secondary">无附件</Typography.Text>;
  const download = async (id: string, n: number) => {
    try {
      await saveDownload(await authorizedFetch(`/attachments/${id}`), `附件${n}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.messageZh : '下载失败');
    }
  };
  return (
    <Space wrap data-testid={testId}>
      {ids.map((id, i) => (
        <Button key={id} size="small" icon={<PaperClipOutlined />} onClick={() => void download(id, i + 1)} data-testid="attachment-link">
          附件 {i + 1}
        </Button>
      ))}
    </Space>
  );
}

/** Downloads a file route (an export) with the bearer token. */
export async function downloadRoute(url: string, fallback: string): Promise<void> {
  await saveDownload(await authorizedFetch(url), fallback);
}

/** An API error as a line of text: the API's own Chinese message. */
export function errorText(e: unknown, fallback = '操作失败，请稍后再试'): string {
  return e instanceof ApiError ? e.messageZh : fallback;
}

/** Clears the errors of a form's fields (the API's messages of the last attempt) before it is sent again. */
export function clearErrors(form: FormInstance): void {
  form.setFields(form.getFieldsError().filter((f) => f.errors.length).map((f) => ({ name: f.name, errors: [] })));
}

/** Places left of a meeting (never below zero). */
export function placesLeft(m: { capacity: number; registeredCount: number }): number {
  return Math.max(m.capacity - m.registeredCount, 0);
}

/** 2027年1月5日 至 2027年1月6日, or the one day. */
export function dateRange(a: string, b: string): string {
  return a === b ? zhDate(a) : `${zhDate(a)} 至 ${zhDate(b)}`;
}
