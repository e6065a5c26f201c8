import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Spin, Table, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError, request } from '../api/client';
import { graphql, ResultOf } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { DUPLICATE_RULE, GENDER, zh } from '../i18n/zh';
import { useMe } from '../session';
import { MemberQuery } from './MemberPage';
import NotFoundPage from './NotFoundPage';

const HomeCounties = graphql(`
  query AdminHomeCounties {
    homeCounties { code name }
  }
`);
const Candidates = graphql(`
  query AdminDuplicateCandidates($input: MemberDuplicateCandidatesInput!) {
    memberDuplicateCandidates(input: $input) { rule member { id name birthYear phones hometown { name } } }
  }
`);
const CreateMember = graphql(`
  mutation AdminCreateMember($input: CreateMemberInput!) {
    createMember(input: $input) { id }
  }
`);
const UpdateMember = graphql(`
  mutation AdminUpdateMember($id: ID!, $input: UpdateMemberInput!) {
    updateMember(id: $id, input: $input) { id version }
  }
`);

type Loaded = NonNullable<ResultOf<typeof MemberQuery>['member']>;
interface Values {
  name: string;
  gender?: 'MALE' | 'FEMALE';
  birthDate?: Dayjs | null;
  idNumber?: string;
  phones?: string;
  hometownCode?: string;
  email?: string;
  wechat?: string;
  address?: string;
  note?: string;
}
const LABELS: Record<keyof Values, string> = {
  name: '姓名',
  gender: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phones: '手机（多个用逗号分隔）',
  hometownCode: '籍贯',
  email: '电子邮箱',
  wechat: '微信',
  address: '地址',
  note: '备注',
};

function valuesOf(m: Loaded | undefined | null): Values {
  if (!m) return { name: '' };
  return {
    name: m.name,
    gender: m.gender ?? undefined,
    birthDate: m.birthDate ? dayjs(m.birthDate) : null,
    idNumber: m.idNumber ?? undefined,
    phones: m.phones.join('，'),
    hometownCode: undefined,
    email: m.email ?? undefined,
    wechat: m.wechat ?? undefined,
    address: m.address ?? undefined,
    note: m.note ?? undefined,
  };
}

/** What the API takes: empty strings as null, phones as a list, dates as YYYY-MM-DD. */
function inputOf(v: Values) {
  const text = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
  return {
    name: v.name.trim(),
    gender: v.gender ?? null,
    birthDate: v.birthDate ? v.birthDate.format('YYYY-MM-DD') : null,
    idNumber: text(v.idNumber),
    phones: (v.phones ?? '').split(/[,，、\s]+/).map((p) => p.trim()).filter(Boolean),
    hometownCode: v.hometownCode ?? null,
    email: text(v.email),
    wechat: text(v.wechat),
    address: text(v.address),
    note: text(v.note),
  };
}

/** An API field path (input.idNumber, input.phones.0) as the form's field name. */
function formField(path: string): keyof Values | undefined {
  const name = path.replace(/^input\./, '').split('.')[0] as keyof Values;
  return name in LABELS ? name : undefined;
}

/**
 * 登记 / 编辑会员. Field errors come from the API's `field` paths, beside the field, in the API's
 * Chinese. A new member is checked for likely duplicates before it is saved. An edit carries the
 * version read; when someone else saved first the dialog offers to reload or to compare.
 */
export default function MemberFormPage() {
  const { id } = useParams();
  const editing = !!id;
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const loaded = useQuery(MemberQuery, { id: id ?? '' }, { skip: !editing });
  const counties = useQuery(HomeCounties, {});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<ResultOf<typeof Candidates>['memberDuplicateCandidates']>(null);
  const [conflict, setConflict] = useState<{ mine: ReturnType<typeof inputOf>; theirs: Loaded } | null>(null);
  const initial = useMemo(() => valuesOf(loaded.data?.member), [loaded.data]);

  useEffect(() => {
    if (loaded.data?.member) form.setFieldsValue(initial);
  }, [loaded.data, initial, form]);

  const showApiError = (e: unknown) => {
    if (!(e instanceof ApiError)) return setError('保存失败，请稍后再试');
    const fields = Object.entries(e.fieldErrors)
      .map(([path, msg]) => ({ name: formField(path), errors: [msg] }))
      .filter((f): f is { name: keyof Values; errors: string[] } => !!f.name);
    form.setFields(fields);
    setError(fields.length ? undefined : e.messageZh);
  };

  const create = async (input: ReturnType<typeof inputOf>, confirmDuplicate: boolean) => {
    const chamberId = me.scope.chamberId;
    const data = await request(CreateMember, {
      input: { ...input, confirmDuplicate, ...(chamberId ? { memberships: [{ chamberId }] } : {}) },
    });
    message.success('已登记');
    navigate(`/members/${data.createMember.id}`);
  };

  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    const input = inputOf(values);
    try {
      if (!editing) {
        const found = await request(Candidates, {
          input: { name: input.name, phones: input.phones, birthDate: input.birthDate, hometownCode: input.hometownCode },
        });
        if (found.memberDuplicateCandidates?.length) {
          setDuplicates(found.memberDuplicateCandidates);
          return;
        }
        await create(input, false);
        return;
      }
      const m = loaded.data?.member;
      if (!m) return;
      // Only what the user changed: a masked value read back is never sent as if it were typed.
      const before = inputOf(initial);
      const changed = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof typeof before]) && !(k === 'hometownCode' && v === null)),
      );
      await request(UpdateMember, { id: m.id, input: { ...changed, version: m.version } });
      message.success('已保存');
      navigate(`/members/${m.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONFLICT' && editing) {
        const fresh = await request(MemberQuery, { id: id as string }).catch(() => null);
        if (fresh?.member) setConflict({ mine: input, theirs: fresh.member });
        else showApiError(e);
      } else showApiError(e);
    } finally {
      setBusy(false);
    }
  };

  if (editing && loaded.loading && !loaded.data) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (editing && (loaded.error?.code === 'NOT_FOUND' || (loaded.data && !loaded.data.member))) return <NotFoundPage what="会员" />;

  const theirs = conflict ? inputOf(valuesOf(conflict.theirs)) : null;
  return (
    <Card title={editing ? `编辑会员：${loaded.data?.member?.name ?? ''}` : '登记新会员'} style={{ maxWidth: 760 }}>
      <Form form={form} layout="vertical" onFinish={submit} initialValues={initial} data-testid="member-form">
        <Form.Item label={LABELS.name} name="name" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input data-testid="field-name" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item label={LABELS.gender} name="gender">
            <Select allowClear style={{ width: 120 }} options={Object.entries(GENDER).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item label={LABELS.birthDate} name="birthDate">
            <DatePicker placeholder="选择日期" />
          </Form.Item>
          <Form.Item label={LABELS.hometownCode} name="hometownCode">
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={editing ? loaded.data?.member?.hometown?.name ?? '不修改' : '选择县市区'}
              options={(counties.data?.homeCounties ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
          </Form.Item>
        </Space>
        <Form.Item label={LABELS.idNumber} name="idNumber">
          <Input data-testid="field-idNumber" />
        </Form.Item>
        <Form.Item label={LABELS.phones} name="phones">
          <Input data-testid="field-phones" />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item label={LABELS.email} name="email">
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item label={LABELS.wechat} name="wechat">
            <Input style={{ width: 200 }} />
          </Form.Item>
        </Space>
        <Form.Item label={LABELS.address} name="address">
          <Input />
        </Form.Item>
        <Form.Item label={LABELS.note} name="note">
          <Input.TextArea rows={2} />
        </Form.Item>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="member-save">
            保存
          </Button>
          <Button onClick={() => navigate(-1)}>取消</Button>
        </Space>
      </Form>

      <Modal
        open={!!duplicates}
        title="可能已登记过此人"
        okText="仍然登记"
        cancelText="返回修改"
        onCancel={() => setDuplicates(null)}
        onOk={async () => {
          setDuplicates(null);
          try {
            await create(inputOf(form.getFieldsValue(true)), true);
          } catch (e) {
            showApiError(e);
          }
        }}
      >
        <Typography.Paragraph>以下会员可能与您要登记的是同一人：</Typography.Paragraph>
        <Table
          size="small"
          pagination={false}
          rowKey={(r) => r.member.id}
          dataSource={duplicates ?? []}
          columns={[
            { title: '姓名', render: (_, r) => <a href={`/admin/members/${r.member.id}`} target="_blank" rel="noreferrer">{r.member.name}</a> },
            { title: '出生年份', render: (_, r) => r.member.birthYear ?? '—' },
            { title: '手机', render: (_, r) => r.member.phones[0] ?? '—' },
            { title: '籍贯', render: (_, r) => r.member.hometown?.name ?? '—' },
            { title: '相同之处', render: (_, r) => zh(DUPLICATE_RULE, r.rule) },
          ]}
        />
      </Modal>

      <Modal
        open={!!conflict}
        title="该会员已被他人修改"
        width={720}
        onCancel={() => setConflict(null)}
        footer={[
          <Button key="keep" onClick={() => setConflict(null)}>
            继续编辑
          </Button>,
          <Button
            key="reload"
            type="primary"
            onClick={() => {
              setConflict(null);
              void loaded.reload();
            }}
            data-testid="conflict-reload"
          >
            重新加载（放弃我的修改）
          </Button>,
        ]}
      >
        <Typography.Paragraph data-testid="conflict-dialog">
          在您编辑期间，其他人保存了这条记录。下表对比您填写的内容与最新内容；可重新加载后再修改。
        </Typography.Paragraph>
        {conflict && theirs && (
          <Table
            size="small"
            pagination={false}
            rowKey="field"
            dataSource={(Object.keys(LABELS) as (keyof Values)[])
              .filter((k) => k !== 'hometownCode')
              .map((k) => ({ field: k, label: LABELS[k], mine: JSON.stringify(conflict.mine[k]), theirs: JSON.stringify(theirs[k]) }))
              .filter((r) => r.mine !== r.theirs)}
            columns={[
              { title: '字段', dataIndex: 'label' },
              { title: '我的填写', render: (_, r) => show(r.mine) },
              { title: '最新内容', render: (_, r) => show(r.theirs) },
            ]}
          />
        )}
      </Modal>
    </Card>
  );
}

function show(json: string): string {
  const v = JSON.parse(json) as unknown;
  if (v === null || v === '' || (Array.isArray(v) && v.length === 0)) return '（空）';
  return Array.isArray(v) ? v.join('、') : String(v);
}
