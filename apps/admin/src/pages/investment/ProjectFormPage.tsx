import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space, Spin, Switch } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { INVESTMENT_KEY_LEVEL } from '../../i18n/zh-investment';
import { useMe } from '../../session';
import { NOT_FOUND_ERROR, ReadError } from '../../components/ReadError';
import { ChamberSelect, MemberMultiSelect, projectRights, useLookups } from './lookups';
import { amountHint } from '../../i18n/money';
import { Project, ProjectQuery } from './ProjectPage';
import { useSingleSubmit } from '../../components/use-single-submit';
import { showFieldErrors } from '../../components/form-errors';

const CreateProject = graphql(`
  mutation AdminCreateInvestmentProject($input: CreateInvestmentProjectInput!) {
    createInvestmentProject(input: $input) { id }
  }
`);
const UpdateProject = graphql(`
  mutation AdminUpdateInvestmentProject($id: ID!, $input: UpdateInvestmentProjectInput!) {
    updateInvestmentProject(id: $id, input: $input) { id version }
  }
`);

interface Values {
  name: string;
  destinationCountyCode?: string;
  chamberId?: string;
  industryCode?: string;
  keyLevel?: 'CITY' | 'COUNTY';
  isExpansion: boolean;
  totalInvestment?: string;
  contractedInvestment?: string;
  landMu?: string;
  expectedJobs?: number | null;
  leadOn?: Dayjs | null;
  memberIds: string[];
}
const FIELDS: (keyof Values)[] = ['name', 'destinationCountyCode', 'chamberId', 'industryCode', 'keyLevel', 'isExpansion', 'totalInvestment', 'contractedInvestment', 'landMu', 'expectedJobs', 'leadOn', 'memberIds'];

function valuesOf(p: Project | null | undefined): Values {
  if (!p) return { name: '', isExpansion: false, memberIds: [], leadOn: dayjs() };
  return {
    name: p.name,
    destinationCountyCode: p.destinationCountyCode,
    chamberId: p.chamberId ?? undefined,
    industryCode: p.industryCode ?? undefined,
    keyLevel: p.keyLevel ?? undefined,
    isExpansion: p.isExpansion,
    totalInvestment: p.totalInvestment,
    contractedInvestment: p.contractedInvestment ?? undefined,
    landMu: p.landMu ?? undefined,
    expectedJobs: p.expectedJobs,
    leadOn: dayjs(p.leadOn),
    memberIds: p.investors.map((m) => m.id),
  };
}

const text = (s: string | undefined | null) => (s && s.trim() ? s.trim() : null);

/**
 * 新建 / 编辑回归项目. Amounts are typed in yuan as text and sent as typed (the API's Decimal: at
 * most 2 decimals); the 万元 / 亿元 reading shows under the field. The API's field errors are shown
 * beside their fields in its Chinese. An edit sends only what changed, with the version read.
 */
export default function ProjectFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const lookups = useLookups();
  const [form] = Form.useForm<Values>();
  const loaded = useQuery(ProjectQuery, { id: id ?? '' }, { skip: !editing });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const project = loaded.data?.investmentProject;
  const initial = useMemo(() => valuesOf(project), [project]);
  const total = Form.useWatch('totalInvestment', form);
  const contracted = Form.useWatch('contractedInvestment', form);

  useEffect(() => {
    if (project) form.setFieldsValue(initial);
  }, [project, initial, form]);

  const single = useSingleSubmit();
  if (!projectRights(me).manage) return <Alert type="warning" showIcon message="无权新建或编辑项目" />;
  if (editing && loaded.loading && !loaded.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  // A refused or failed read of the project to edit shows why, never an empty form that would save over it.
  if (editing && loaded.error) return <ReadError error={loaded.error} what="项目" />;
  if (editing && loaded.data && !project) return <ReadError error={NOT_FOUND_ERROR} what="项目" />;

  const showApiError = (e: unknown) => {
    if (!(e instanceof ApiError)) return setError('保存失败，请稍后再试');
    setError(showFieldErrors(form, e, FIELDS));
  };

  const submit = single(async (v: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!editing) {
        const data = await request(CreateProject, {
          input: {
            name: v.name.trim(),
            destinationCountyCode: v.destinationCountyCode ?? '',
            chamberId: v.chamberId ?? null,
            industryCode: v.industryCode ?? null,
            keyLevel: v.keyLevel ?? null,
            isExpansion: v.isExpansion,
            totalInvestment: (v.totalInvestment ?? '').trim(),
            contractedInvestment: text(v.contractedInvestment),
            landMu: text(v.landMu),
            expectedJobs: v.expectedJobs ?? null,
            leadOn: v.leadOn ? v.leadOn.format('YYYY-MM-DD') : '',
            memberIds: v.memberIds,
          },
        });
        message.success('项目已登记');
        navigate(`/projects/${data.createInvestmentProject.id}`);
        return;
      }
      if (!project) return;
      // Only what changed (the API keeps a field it is not sent; it cannot clear one).
      const changed: Record<string, unknown> = {};
      const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
      if (!same(v.name.trim(), initial.name)) changed.name = v.name.trim();
      for (const k of ['destinationCountyCode', 'chamberId', 'industryCode', 'keyLevel'] as const) if (v[k] && !same(v[k], initial[k])) changed[k] = v[k];
      if (v.isExpansion !== initial.isExpansion) changed.isExpansion = v.isExpansion;
      for (const k of ['totalInvestment', 'contractedInvestment'] as const) if (text(v[k]) && !same(text(v[k]), initial[k])) changed[k] = text(v[k]);
      if (v.expectedJobs != null && v.expectedJobs !== initial.expectedJobs) changed.expectedJobs = v.expectedJobs;
      if (!same([...v.memberIds].sort(), [...initial.memberIds].sort())) changed.memberIds = v.memberIds;
      await request(UpdateProject, { id: project.id, input: { ...changed, version: project.version } });
      message.success('已保存');
      navigate(`/projects/${project.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && editing) setError(`${e.messageZh}。请重新加载后再修改。`);
      else showApiError(e);
    } finally {
      setBusy(false);
    }
  });

  return (
    <Card title={editing ? `编辑项目：${project?.name ?? ''}` : '新建回归项目'} style={{ maxWidth: 820 }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial} data-testid="project-form">
        <Form.Item label="项目名称" name="name" rules={[{ required: true, message: '请输入项目名称' }]}>
          <Input data-testid="field-name" />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item label="落地县（市、区）" name="destinationCountyCode" rules={[{ required: true, message: '请选择落地县（市、区）' }]}>
            <Select showSearch optionFilterProp="label" style={{ width: 200 }} options={lookups.counties} placeholder="选择县（市、区）" data-testid="field-county" />
          </Form.Item>
          <Form.Item label="引荐商会" name="chamberId">
            <ChamberSelect style={{ width: 300 }} initialLabel={project?.chamber?.name} testId="field-chamber" />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item label="行业" name="industryCode">
            <Select allowClear showSearch optionFilterProp="label" style={{ width: 300 }} options={lookups.industries} placeholder="国民经济行业分类" />
          </Form.Item>
          <Form.Item label="重点项目" name="keyLevel">
            <Select allowClear style={{ width: 130 }} placeholder="否" options={Object.entries(INVESTMENT_KEY_LEVEL).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label="增资扩产" name="isExpansion" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          <Form.Item label="总投资（元）" name="totalInvestment" rules={[{ required: true, message: '请输入总投资' }]} extra={amountHint(total)} style={{ width: 280 }}>
            <Input addonAfter="元" placeholder="如 150000000.00" inputMode="decimal" data-testid="field-totalInvestment" />
          </Form.Item>
          <Form.Item label="合同投资（元）" name="contractedInvestment" extra={amountHint(contracted)} style={{ width: 280 }}>
            <Input addonAfter="元" inputMode="decimal" data-testid="field-contractedInvestment" />
          </Form.Item>
        </Space>
        <Space size="large" wrap align="start">
          {!editing && (
            <Form.Item label="用地（亩）" name="landMu">
              <Input addonAfter="亩" style={{ width: 180 }} inputMode="decimal" />
            </Form.Item>
          )}
          <Form.Item label="预计用工（人）" name="expectedJobs">
            <InputNumber min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
          {!editing && (
            <Form.Item label="洽谈开始日期" name="leadOn" rules={[{ required: true, message: '请选择洽谈开始日期' }]}>
              <DatePicker placeholder="选择日期" data-testid="field-leadOn" />
            </Form.Item>
          )}
        </Space>
        <Form.Item label="投资人（会员）" name="memberIds">
          <MemberMultiSelect initial={project?.investors.map((m) => ({ value: m.id, label: m.name }))} />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="project-save">
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
