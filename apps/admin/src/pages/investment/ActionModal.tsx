import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { amountHint } from '../../i18n/money';
import { useSingleSubmit } from '../../components/use-single-submit';
import { showFieldErrors } from '../../components/form-errors';

export interface ActionField {
  /** The input's field name: the API's `input.<name>` error path lands here. */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'select' | 'amount' | 'integer';
  required?: boolean;
  options?: { value: string; label: string }[];
  extra?: ReactNode;
  /** Shown only when this returns true for the values typed so far. */
  when?: (values: Record<string, unknown>) => boolean;
  initial?: unknown;
}

export type ActionValues = Record<string, string | number | null>;

/**
 * A small form in a dialog for one mutation (move stage, record funds, add a note …). What is
 * typed goes to `submit` as strings (dates YYYY-MM-DD, amounts exactly as typed); the API's field
 * errors are shown beside their fields in its own Chinese, anything else above the buttons.
 */
export function ActionModal(props: { open: boolean; title: string; fields: ActionField[]; okText?: string; testId: string; onClose(): void; submit(values: ActionValues): Promise<unknown> }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    setError(undefined);
    form.setFieldsValue(Object.fromEntries(props.fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial])));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const single = useSingleSubmit();
  const onOk = single(async () => {
    let typed: Record<string, unknown>;
    try {
      typed = await form.validateFields();
    } catch {
      return;
    }
    const out: ActionValues = {};
    for (const f of props.fields) {
      if (f.when && !f.when(typed)) continue;
      const v = typed[f.name];
      if (v === undefined || v === null || v === '') out[f.name] = null;
      else if (f.kind === 'date') out[f.name] = (v as Dayjs).format('YYYY-MM-DD');
      else if (f.kind === 'integer') out[f.name] = Number(v);
      else out[f.name] = typeof v === 'string' ? v.trim() : String(v);
    }
    setBusy(true);
    setError(undefined);
    try {
      await props.submit(out);
      props.onClose();
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setError('操作失败，请稍后再试');
        return;
      }
      setError(showFieldErrors(form, e, props.fields.map((f) => f.name)));
    } finally {
      setBusy(false);
    }
  });

  return (
    <Modal open={props.open} title={props.title} okText={props.okText ?? '保存'} cancelText="取消" onOk={() => void onOk()} confirmLoading={busy} onCancel={props.onClose} destroyOnClose okButtonProps={{ 'data-testid': `${props.testId}-ok` } as Record<`data-${string}`, string>}>
      <Form form={form} layout="vertical" data-testid={props.testId}>
        {props.fields
          .filter((f) => !f.when || f.when(values ?? {}))
          .map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : []}
              extra={f.kind === 'amount' ? amountHint(values?.[f.name] as string | undefined) ?? f.extra : f.extra}
            >
              {f.kind === 'text' ? (
                <Input data-testid={`${props.testId}-${f.name}`} />
              ) : f.kind === 'textarea' ? (
                <Input.TextArea rows={3} data-testid={`${props.testId}-${f.name}`} />
              ) : f.kind === 'date' ? (
                <DatePicker placeholder="选择日期" disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid={`${props.testId}-${f.name}`} />
              ) : f.kind === 'select' ? (
                <Select options={f.options} showSearch optionFilterProp="label" allowClear={!f.required} data-testid={`${props.testId}-${f.name}`} />
              ) : f.kind === 'integer' ? (
                <InputNumber min={0} precision={0} data-testid={`${props.testId}-${f.name}`} />
              ) : (
                <Input addonAfter="元" placeholder="如 25000000.00" inputMode="decimal" data-testid={`${props.testId}-${f.name}`} />
              )}
            </Form.Item>
          ))}
        {error && <Alert type="error" showIcon message={error} data-testid={`${props.testId}-error`} />}
      </Form>
    </Modal>
  );
}
