import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { NOTICE_PRIORITY, RETURN_FIELD_TYPE } from '../../i18n/zh-flow';
import { AttachmentUpload } from './AttachmentUpload';
import { clearErrors } from './flow-common';
import { formPath, TargetFields, targetInput } from './TargetFields';
import { useSingleSubmit } from '../../components/use-single-submit';
import { placeFieldErrors } from '../../components/form-errors';

const SendNotice = graphql(`
  mutation FlowSendNotice($input: SendNoticeInput!) {
    sendNotice(input: $input) { id recipientCount }
  }
`);

interface FieldRow {
  label?: string;
  type?: string;
  required?: boolean;
  options?: string[];
}
interface Values {
  title?: string;
  body?: string;
  priority: 'NORMAL' | 'URGENT';
  deadline?: Dayjs | null;
  target?: Record<string, unknown>;
  attachmentIds?: string[];
  returnForm?: FieldRow[];
}
const TOP = ['title', 'body', 'priority', 'deadline', 'attachmentIds', 'returnForm'];

/**
 * 发通知: title, text, priority, deadline, attachments, the target (the rules the caller's role
 * may use) and an optional return form (报送表格). The recipients are resolved by the API when
 * sent; its refusals (a target beyond the caller's scope, no recipients, a form without
 * options …) are shown beside the field they name.
 */
export default function SendNoticePage() {
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const single = useSingleSubmit();
  const submit = single(async (v: Values) => {
    setBusy(true);
    setError(undefined);
    clearErrors(form);
    try {
      const returnForm = (v.returnForm ?? []).map((f, i) => ({
        key: `field${i + 1}`,
        label: f.label ?? '',
        type: (f.type ?? 'TEXT') as 'TEXT',
        required: !!f.required,
        options: f.type === 'CHOICE' ? (f.options ?? []) : null,
      }));
      const res = await request(SendNotice, {
        input: {
          title: v.title ?? '',
          body: v.body ?? '',
          priority: v.priority,
          deadline: v.deadline ? v.deadline.toISOString() : null,
          target: targetInput(v.target),
          attachmentIds: v.attachmentIds?.length ? v.attachmentIds : null,
          returnForm: returnForm.length ? returnForm : null,
        },
      });
      message.success(`已发送给 ${res.sendNotice.recipientCount} 个单位`);
      navigate(`/notices/${res.sendNotice.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) return setError('发送失败，请稍后再试');
      setError(
        placeFieldErrors(form, e, (path) => {
          const parts = path.replace(/^input\./, '').split('.');
          if (parts[0] === 'returnForm' && parts[1] !== undefined) {
            const sub = parts[2] === 'options' ? 'options' : parts[2] === 'type' ? 'type' : 'label';
            return ['returnForm', Number(parts[1]), sub];
          }
          return formPath(path, TOP.filter((t) => t !== 'returnForm'));
        }),
      );
    } finally {
      setBusy(false);
    }
  });

  return (
    <Card title="发通知" style={{ maxWidth: 900 }}>
      <Form form={form} layout="vertical" initialValues={{ priority: 'NORMAL' }} onFinish={submit} data-testid="send-form">
        <Form.Item label="标题" name="title" required>
          <Input maxLength={200} data-testid="send-title" />
        </Form.Item>
        <Form.Item label="正文（段落之间空一行）" name="body" required>
          <Input.TextArea rows={8} data-testid="send-body" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item label="紧急程度" name="priority">
            <Radio.Group options={Object.entries(NOTICE_PRIORITY).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="截止时间（签收、报送）" name="deadline">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder="选择截止时间" data-testid="send-deadline" />
          </Form.Item>
        </Space>
        <TargetFields />
        <Form.Item label="附件" name="attachmentIds">
          <AttachmentUpload multiple />
        </Form.Item>
        <Typography.Title level={5}>报送表格（可选：要求各单位填报）</Typography.Title>
        <Form.List name="returnForm">
          {(items, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {items.map(({ key, name }) => (
                <Space key={key} align="start" wrap>
                  <Form.Item name={[name, 'label']} style={{ marginBottom: 8 }}>
                    <Input placeholder="字段名称，如：专职人员数" style={{ width: 220 }} data-testid={`send-field-label-${name}`} />
                  </Form.Item>
                  <Form.Item name={[name, 'type']} initialValue="TEXT" style={{ marginBottom: 8 }}>
                    <Select style={{ width: 120 }} options={Object.entries(RETURN_FIELD_TYPE).map(([value, label]) => ({ value, label }))} data-testid={`send-field-type-${name}`} />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['returnForm', name, 'type']) === 'CHOICE' ? (
                        <Form.Item name={[name, 'options']} style={{ marginBottom: 8 }}>
                          <Select mode="tags" placeholder="输入选项后回车" style={{ width: 240 }} open={false} data-testid={`send-field-options-${name}`} />
                        </Form.Item>
                      ) : null
                    }
                  </Form.Item>
                  <Form.Item name={[name, 'required']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox>必填</Checkbox>
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(name)} aria-label="删除字段" />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'TEXT', required: false })} data-testid="send-add-field">
                添加报送字段
              </Button>
            </Space>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 16 }} data-testid="send-error" />}
        <Space style={{ marginTop: 24 }}>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="send-submit">
            发送
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
