import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { zhDate } from '../../i18n/zh';
import { FEEDBACK_CATEGORY } from '../../i18n/zh-party';
import { useMe } from '../../session';
import { showFieldErrors } from '../../components/form-errors';
import { MemberPicker } from '../../components/MemberPicker';
import { useSingleSubmit } from '../../components/use-single-submit';

const RaiseOpinion = graphql(`
  mutation AdminRaiseOpinion($input: RaiseFeedbackInput!) {
    raiseOpinion(input: $input) { id status }
  }
`);
const OwnChamber = graphql(`
  query AdminOpinionChamber($id: ID!) {
    chamber(id: $id) { id name }
  }
`);
const VisitHeader = graphql(`
  query AdminOpinionVisit($id: ID!) {
    visit(id: $id) { id visitedOn place }
  }
`);

interface Values {
  raiser: 'MEMBER' | 'CHAMBER' | 'VISIT';
  raisedByMemberId?: string;
  category?: string;
  text?: string;
  raisedOn?: Dayjs | null;
  dueOn?: Dayjs | null;
}
/** The form's fields by the API's input names, so `input.dueOn` lands beside 办理期限. */
const FIELDS = ['raisedByMemberId', 'raisedByChamberId', 'visitId', 'category', 'text', 'raisedOn', 'dueOn'] as const;

/**
 * 提出意见建议 (raiseOpinion): on behalf of a member of the chamber, of the chamber itself, or in a
 * visit (from a visit's page). Every refusal is the API's, in Chinese, beside the field it names.
 */
export default function OpinionFormPage() {
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const visitId = params.get('visit') ?? undefined;
  const chamberId = me.scope.chamberId ?? undefined;
  const chamber = useQuery(OwnChamber, { id: chamberId ?? '' }, { skip: !chamberId });
  const visit = useQuery(VisitHeader, { id: visitId ?? '' }, { skip: !visitId });
  const [form] = Form.useForm<Values & { raisedByChamberId?: string; visitId?: string }>();
  const raiser = Form.useWatch('raiser', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const single = useSingleSubmit();
  const submit = single(async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      await request(RaiseOpinion, {
        input: {
          category: v.category as 'POLICY',
          text: v.text ?? '',
          raisedOn: v.raisedOn ? v.raisedOn.format('YYYY-MM-DD') : null,
          dueOn: v.dueOn ? v.dueOn.format('YYYY-MM-DD') : null,
          ...(v.raiser === 'MEMBER' ? { raisedByMemberId: v.raisedByMemberId ?? null } : {}),
          ...(v.raiser === 'CHAMBER' ? { raisedByChamberId: chamberId ?? null } : {}),
          ...(v.raiser === 'VISIT' ? { visitId: visitId ?? null, raisedByMemberId: v.raisedByMemberId ?? null } : {}),
        },
      });
      message.success('已提出');
      navigate(visitId ? `/visits/${visitId}` : '/opinions');
    } catch (e) {
      setError(e instanceof ApiError ? showFieldErrors(form, e, FIELDS) : '提交失败，请稍后再试');
    } finally {
      setBusy(false);
    }
  });

  return (
    <Card title="提出意见建议" style={{ maxWidth: 760 }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ raiser: visitId ? 'VISIT' : 'MEMBER' }} data-testid="opinion-form">
        <Form.Item label="提出方" name="raiser">
          <Radio.Group>
            {visitId && (
              <Radio value="VISIT">
                走访中提出{visit.data?.visit ? `（${zhDate(visit.data.visit.visitedOn)} ${visit.data.visit.place}）` : ''}
              </Radio>
            )}
            <Radio value="MEMBER">会员</Radio>
            {chamberId && <Radio value="CHAMBER">本商会{chamber.data?.chamber ? `（${chamber.data.chamber.name}）` : ''}</Radio>}
          </Radio.Group>
        </Form.Item>
        {raiser !== 'CHAMBER' && (
          <Form.Item label={raiser === 'VISIT' ? '提出的会员（可不填）' : '提出的会员'} name="raisedByMemberId">
            <MemberPicker testId="field-member" />
          </Form.Item>
        )}
        {/* Hidden holders for the API's other raiser paths, so their errors show on the form. */}
        <Form.Item name="raisedByChamberId" hidden>
          <Input />
        </Form.Item>
        <Form.Item name="visitId" hidden>
          <Input />
        </Form.Item>
        <Form.Item label="类别" name="category" rules={[{ required: true, message: '请选择类别' }]}>
          <Select style={{ width: 200 }} options={Object.entries(FEEDBACK_CATEGORY).map(([value, label]) => ({ value, label }))} data-testid="field-category" />
        </Form.Item>
        <Form.Item label="内容" name="text">
          <Input.TextArea rows={5} data-testid="field-text" />
        </Form.Item>
        <Space size="large" wrap style={{ display: 'flex' }}>
          <Form.Item label="提出日期（默认今天）" name="raisedOn">
            <DatePicker placeholder="选择日期" data-testid="field-raisedOn" />
          </Form.Item>
          <Form.Item label="办理期限" name="dueOn">
            <DatePicker placeholder="选择日期" data-testid="field-dueOn" />
          </Form.Item>
        </Space>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="opinion-save">
            提交
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
