import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { requestCategory } from '../../i18n/zh-flow';
import { AttachmentUpload } from './AttachmentUpload';
import { clearErrors } from './flow-common';
import { useSingleSubmit } from '../../components/use-single-submit';
import { showFieldErrors } from '../../components/form-errors';

const RaiseRequest = graphql(`
  mutation FlowRaiseRequest($input: RaiseRequestInput!) {
    raiseRequest(input: $input) { id }
  }
`);

interface Values {
  category?: string;
  title: string;
  text: string;
  attachmentIds?: string[];
}
const FIELDS = ['category', 'title', 'text', 'attachmentIds'] as const;

/** 向上报送: a request to the desk its category is routed to; the API's refusals beside the fields. */
export function RaiseRequestDialog({
  open,
  desks,
  onClose,
  onRaised,
}: {
  open: boolean;
  desks: readonly { category: string; desk: string; dueDays: number }[];
  onClose(): void;
  onRaised(id: string): void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const single = useSingleSubmit();
  const submit = single(async (v: Values) => {
    setBusy(true);
    setError(undefined);
    clearErrors(form);
    try {
      const res = await request(RaiseRequest, {
        input: { category: v.category ?? '', title: v.title ?? '', text: v.text ?? '', attachmentIds: v.attachmentIds?.length ? v.attachmentIds : null },
      });
      form.resetFields();
      onRaised(res.raiseRequest.id);
    } catch (e) {
      if (!(e instanceof ApiError)) return setError('提交失败，请稍后再试');
      setError(showFieldErrors(form, e, FIELDS));
    } finally {
      setBusy(false);
    }
  });
  return (
    <Modal open={open} title="向上报送（请示、需求）" okText="提交" cancelText="取消" confirmLoading={busy} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden width={640}>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="raise-form">
        <Form.Item label="类别（决定承办处室）" name="category" required>
          <Select
            placeholder="选择类别"
            options={desks.map((d) => ({ value: d.category, label: `${requestCategory(d.category)}（${d.desk}，${d.dueDays} 天内答复）` }))}
            data-testid="raise-category"
          />
        </Form.Item>
        <Form.Item label="标题" name="title" required>
          <Input maxLength={200} data-testid="raise-title" />
        </Form.Item>
        <Form.Item label="内容" name="text" required>
          <Input.TextArea rows={5} data-testid="raise-text" />
        </Form.Item>
        <Form.Item label="附件" name="attachmentIds">
          <AttachmentUpload multiple />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} />}
      </Form>
    </Modal>
  );
}
