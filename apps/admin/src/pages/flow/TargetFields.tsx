import { Form, Select } from 'antd';
import { useState } from 'react';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import { DESIGNATION } from '../../i18n/zh';
import { TARGET_KIND } from '../../i18n/zh-flow';
import { useMe } from '../../session';

const Provinces = graphql(`
  query FlowProvinces {
    regions(first: 100, filter: { level: PROVINCE }) { edges { node { code name provinceCode } } }
  }
`);
const Counties = graphql(`
  query FlowHomeCounties {
    homeCounties { code name }
  }
`);
const Chambers = graphql(`
  query FlowPickChambers($filter: ChamberFilter) {
    chambers(first: 20, filter: $filter) { edges { node { id name } } }
  }
`);
const HonorTypes = graphql(`
  query FlowHonorTypes {
    honorTypes { id name }
  }
`);
const Committees = graphql(`
  query FlowPartyCommittees {
    partyCommittees { id name }
  }
`);

/** The kinds of target a role may use (the API refuses the rest with TARGET_OUTSIDE_SCOPE). */
function kindsFor(role: string): string[] {
  if (role === 'ADMIN') return Object.keys(TARGET_KIND);
  if (role === 'COUNTY_OFFICER') return ['COUNTIES', 'MEMBERS_WITH_DESIGNATION', 'MEMBERS_WITH_HONOUR'];
  if (role === 'CHAMBER_SECRETARY') return ['CHAMBER_SUBTREE', 'MEMBERS_WITH_DESIGNATION', 'MEMBERS_WITH_HONOUR'];
  return [];
}

/** The form names the target's parameters take (`target.chamberId` …), for errors the API names. */
export const TARGET_FIELDS = ['kind', 'provinceCode', 'chamberId', 'countyCodes', 'designation', 'honorTypeId', 'partyCommitteeId'];

/** Who receives: the targeting rules of notices and meetings (FlowTargetInput), with the parameters of the kind chosen. */
export function TargetFields() {
  const me = useMe();
  const form = Form.useFormInstance();
  const kind = Form.useWatch(['target', 'kind'], form) as string | undefined;
  const [chamberTerm, setChamberTerm] = useState('');
  const provinces = useQuery(Provinces, {}, { skip: kind !== 'PROVINCE' });
  const counties = useQuery(Counties, {}, { skip: kind !== 'COUNTIES' });
  const chambers = useQuery(
    Chambers,
    { filter: { status: 'ACTIVE' as const, ...(chamberTerm.trim().length >= 2 ? { name: chamberTerm.trim() } : {}), ...(me.scope.chamberId ? { subtreeOf: me.scope.chamberId } : {}) } },
    { skip: kind !== 'CHAMBER_SUBTREE' },
  );
  const honors = useQuery(HonorTypes, {}, { skip: kind !== 'MEMBERS_WITH_HONOUR' });
  const committees = useQuery(Committees, {}, { skip: kind !== 'PARTY_ORGANISATIONS' });
  return (
    <>
      <Form.Item label="发送对象" name={['target', 'kind']} rules={[{ required: true, message: '请选择发送对象' }]}>
        <Select
          placeholder="选择对象范围"
          style={{ maxWidth: 360 }}
          options={kindsFor(me.role).map((k) => ({ value: k, label: TARGET_KIND[k] }))}
          data-testid="target-kind"
        />
      </Form.Item>
      {kind === 'PROVINCE' && (
        <Form.Item label="省份" name={['target', 'provinceCode']} required>
          <Select
            showSearch
            optionFilterProp="label"
            style={{ maxWidth: 360 }}
            loading={provinces.loading}
            options={(provinces.data?.regions?.edges ?? []).map((e) => ({ value: e.node.provinceCode, label: e.node.name }))}
          />
        </Form.Item>
      )}
      {kind === 'CHAMBER_SUBTREE' && (
        <Form.Item label="商会（含其下级商会）" name={['target', 'chamberId']} required>
          <Select
            showSearch
            filterOption={false}
            onSearch={setChamberTerm}
            style={{ maxWidth: 480 }}
            placeholder="输入商会名称查找"
            loading={chambers.loading}
            options={(chambers.data?.chambers?.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))}
            data-testid="target-chamber"
          />
        </Form.Item>
      )}
      {kind === 'COUNTIES' && (
        <Form.Item label="县市区" name={['target', 'countyCodes']} required>
          <Select mode="multiple" style={{ maxWidth: 480 }} loading={counties.loading} options={(counties.data?.homeCounties ?? []).map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
      )}
      {kind === 'MEMBERS_WITH_DESIGNATION' && (
        <Form.Item label="称号" name={['target', 'designation']} required>
          <Select style={{ maxWidth: 360 }} options={Object.entries(DESIGNATION).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      )}
      {kind === 'MEMBERS_WITH_HONOUR' && (
        <Form.Item label="荣誉" name={['target', 'honorTypeId']} required>
          <Select style={{ maxWidth: 360 }} loading={honors.loading} options={(honors.data?.honorTypes ?? []).map((h) => ({ value: h.id, label: h.name }))} />
        </Form.Item>
      )}
      {kind === 'PARTY_ORGANISATIONS' && (
        <Form.Item label="党工委（其下全部党组织）" name={['target', 'partyCommitteeId']} required>
          <Select style={{ maxWidth: 360 }} loading={committees.loading} options={(committees.data?.partyCommittees ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
      )}
    </>
  );
}

/** The target as the API takes it: the kind and the parameters it reads. */
export function targetInput(t: Record<string, unknown> | undefined) {
  const v = t ?? {};
  return {
    kind: (v.kind as 'ALL_CHAMBERS') ?? 'ALL_CHAMBERS',
    provinceCode: (v.provinceCode as string) ?? null,
    chamberId: (v.chamberId as string) ?? null,
    countyCodes: (v.countyCodes as string[]) ?? null,
    designation: (v.designation as string) ?? null,
    honorTypeId: (v.honorTypeId as string) ?? null,
    partyCommitteeId: (v.partyCommitteeId as string) ?? null,
  };
}

/** An API path (`input.target.countyCodes.0`, `input.title`) as the form's field name, when the form has it. */
export function formPath(path: string, top: readonly string[]): (string | number)[] | undefined {
  const parts = path.replace(/^input\./, '').split('.');
  if (parts[0] === 'target') return TARGET_FIELDS.includes(parts[1]) ? ['target', parts[1]] : ['target', 'kind'];
  return top.includes(parts[0]) ? [parts[0]] : undefined;
}
