import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zhDate } from '../../i18n/zh';
import { AttachmentUpload } from './AttachmentUpload';
import { MemberPicker } from '../../components/MemberPicker';
import { AnswerView, FormField, Notice, Recipient, Return, ReturnsQuery } from './notice-ops';
import { useSingleSubmit } from '../../components/use-single-submit';

const SubmitReturn = graphql(`
  mutation FlowSubmitReturn($noticeId: ID!, $input: SubmitReturnInput!) {
    submitNoticeReturn(noticeId: $noticeId, input: $input) { id version late submittedAt updatedAt }
  }
`);

type Value = string | string[] | Dayjs | null | undefined;
const fieldName = (key: string) => `f_${key}`;

function initialValue(field: FormField, ret: Return | undefined): Value {
  const a = ret?.answers.find((x) => x.key === field.key);
  if (!a) return undefined;
  if (field.type === 'MEMBERS') return a.members?.map((m) => m.id) ?? [];
  if (field.type === 'FILE') return a.fileId ?? undefined;
  if (field.type === 'DATE') return a.value ? dayjs(a.value) : undefined;
  return a.value ?? undefined;
}

/** The answers as the API takes them: every field of the form, in its order (so an error's index names its field). */
function answersOf(form: readonly FormField[], values: Record<string, Value>) {
  return form.map((f) => {
    const v = values[fieldName(f.key)];
    if (f.type === 'MEMBERS') return { key: f.key, memberIds: Array.isArray(v) && v.length ? v : null };
    if (f.type === 'FILE') return { key: f.key, fileId: typeof v === 'string' && v ? v : null };
    if (f.type === 'DATE') return { key: f.key, value: v && dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : null };
    return { key: f.key, value: typeof v === 'string' && v.trim() ? v.trim() : null };
  });
}

function control(field: FormField, known: { id: string; name: string }[]) {
  const testId = `return-field-${field.key}`;
  switch (field.type) {
    case 'NUMBER':
      return <Input inputMode="decimal" placeholder="数字，可带小数" style={{ maxWidth: 240 }} data-testid={testId} />;
    case 'DATE':
      return <DatePicker placeholder="选择日期" data-testid={testId} />;
    case 'CHOICE':
      return <Select allowClear style={{ maxWidth: 320 }} placeholder="请选择" options={field.options.map((o) => ({ value: o, label: o }))} data-testid={testId} />;
    case 'MEMBERS':
      return <MemberPicker multiple known={known} testId={testId} />;
    case 'FILE':
      return <AttachmentUpload testId={testId} />;
    default:
      return <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} data-testid={testId} />;
  }
}

/**
 * 报送: the unit's return on the notice's form. The API checks every answer (required, type,
 * members of the unit, own uploads) and its Chinese message is shown beside the field it names;
 * once submitted the page says 已提交 (and 催报后报送 when it came after a reminder). A
 * correction carries the version read, until the deadline.
 */
export function ReturnPanel({ notice, mine, onSubmitted }: { notice: Notice; mine: Recipient; onSubmitted(): Promise<void> }) {
  const { message } = App.useApp();
  const form = notice.returnForm ?? [];
  const returns = useQuery(ReturnsQuery, { noticeId: notice.id });
  const ret = returns.data?.noticeReturns?.find((r) => r.recipientId === mine.id);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [antForm] = Form.useForm<Record<string, Value>>();
  const closed = !!notice.deadline && new Date(notice.deadline).getTime() < Date.now();
  const known = ret?.answers.flatMap((a) => a.members ?? []) ?? [];

  useEffect(() => {
    if (editing) antForm.setFieldsValue(Object.fromEntries(form.map((f) => [fieldName(f.key), initialValue(f, ret)])));
  }, [editing, ret, form, antForm]);

  const single = useSingleSubmit();
  const submit = single(async (values: Record<string, Value>) => {
    setBusy(true);
    setError(undefined);
    antForm.setFields(form.map((f) => ({ name: fieldName(f.key), errors: [] })));
    try {
      await request(SubmitReturn, { noticeId: notice.id, input: { answers: answersOf(form, values), version: ret?.version ?? null } });
      message.success('已提交');
      setEditing(false);
      await Promise.all([returns.reload(), onSubmitted()]);
    } catch (e) {
      if (!(e instanceof ApiError)) return setError('提交失败，请稍后再试');
      // The field at fault: the answer's form key (extensions.key), else its index in the answers sent.
      const beside: { name: string; errors: string[] }[] = [];
      for (const item of e.errors) {
        const ext = item.extensions ?? {};
        const path = typeof ext.field === 'string' ? ext.field : '';
        const index = /^input\.answers\.(\d+)/.exec(path)?.[1];
        const key = typeof ext.key === 'string' ? ext.key : index !== undefined ? form[Number(index)]?.key : undefined;
        if (key && form.some((f) => f.key === key)) beside.push({ name: fieldName(key), errors: [ext.messageZh ?? e.messageZh] });
      }
      antForm.setFields(beside);
      setError(beside.length ? undefined : e.messageZh);
    } finally {
      setBusy(false);
    }
  });

  const showForm = editing || (!ret && !returns.loading);
  return (
    <Card
      title="报送"
      data-testid="return-card"
      extra={
        ret && (
          <Space>
            <Tag color="green" data-testid="return-state">
              已提交
            </Tag>
            {ret.late && <Tag color="orange">催报后报送</Tag>}
          </Space>
        )
      }
    >
      {returns.error && <Alert type="error" showIcon message={returns.error.messageZh} />}
      {closed && <Alert type="warning" showIcon message={`报送已于 ${zhDate(notice.deadline)} 截止`} style={{ marginBottom: 16 }} />}
      {ret && !editing && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary" data-testid="return-submitted">
            已提交于 {zhDate(ret.submittedAt)}
            {ret.updatedAt !== ret.submittedAt ? `，最后修改于 ${zhDate(ret.updatedAt)}` : ''}
            {ret.late ? '（催报后报送）' : '（按时报送）'}
          </Typography.Text>
          <Descriptions bordered size="small" column={1} data-testid="return-answers">
            {form.map((f) => (
              <Descriptions.Item key={f.key} label={f.label}>
                <AnswerView field={f} answer={ret.answers.find((a) => a.key === f.key)} />
              </Descriptions.Item>
            ))}
          </Descriptions>
          {!closed && (
            <Button onClick={() => setEditing(true)} data-testid="return-edit">
              修改报送
            </Button>
          )}
        </Space>
      )}
      {showForm && (
        <Form form={antForm} layout="vertical" onFinish={submit} data-testid="return-form" style={{ maxWidth: 720 }}>
          {form.map((f) => (
            // `required` only marks the field: the API checks it and its message shows here.
            <Form.Item key={f.key} name={fieldName(f.key)} label={f.label} required={f.required}>
              {control(f, known)}
            </Form.Item>
          ))}
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="return-error" />}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="return-submit">
              提交
            </Button>
            {ret && <Button onClick={() => setEditing(false)}>取消</Button>}
          </Space>
        </Form>
      )}
    </Card>
  );
}
