import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';

const ChamberSearch = graphql(`
  query AdminOfficeChamberSearch($name: String) {
    chambers(first: 20, filter: { name: $name }) { edges { node { id name } } }
  }
`);
const OfficialSearch = graphql(`
  query AdminOfficeOfficialSearch($search: String) {
    officials(first: 20, filter: { search: $search, active: true }) { edges { node { id name title unit } } }
  }
`);
const ChamberName = graphql(`
  query AdminOfficeChamberName($id: ID!) {
    chamber(id: $id) { id name }
  }
`);
const OfficialName = graphql(`
  query AdminOfficeOfficialName($id: ID!) {
    official(id: $id) { id name title unit }
  }
`);
export const HomeCountiesQuery = graphql(`
  query AdminOfficeHomeCounties {
    homeCounties { code name }
  }
`);
const CommitteesQuery = graphql(`
  query AdminOfficeCommittees {
    partyCommittees { id name }
  }
`);

type Option = { value: string; label: string };

/** A select that asks the API as the user types (2+ characters), keeping the chosen option's label. */
function RemoteSelect({
  value,
  onChange,
  load,
  name,
  placeholder,
  testId,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  load: (text: string) => Promise<Option[]>;
  /** The label of a value set from outside (an account being edited), so the select never shows an id. */
  name: (id: string) => Promise<Option>;
  placeholder: string;
  testId?: string;
}) {
  const [options, setOptions] = useState<Option[]>([]);
  const [text, setText] = useState('');
  useEffect(() => {
    if (!value || options.some((o) => o.value === value)) return;
    let alive = true;
    void name(value).then(
      (o) => alive && setOptions((before) => [o, ...before.filter((b) => b.value !== value)]),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [value]);
  useEffect(() => {
    let alive = true;
    const handle = setTimeout(() => {
      void load(text).then(
        (found) => alive && setOptions((before) => [...before.filter((o) => o.value === value), ...found.filter((o) => o.value !== value)]),
        () => alive && setOptions([]),
      );
    }, 250);
    return () => {
      alive = false;
      clearTimeout(handle);
    };
    // load and name are fixed per picker; value only keeps the chosen label in the list.
  }, [text]);
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      value={value}
      onChange={(v) => onChange?.(v)}
      onSearch={setText}
      options={options}
      placeholder={placeholder}
      data-testid={testId}
      notFoundContent="输入名称查找"
    />
  );
}

export function ChamberPicker(props: { value?: string; onChange?: (v: string | undefined) => void; testId?: string }) {
  return (
    <RemoteSelect
      {...props}
      placeholder="输入商会名称、拼音或首字母"
      name={async (id) => {
        const res = await request(ChamberName, { id });
        return { value: res.chamber.id, label: res.chamber.name };
      }}
      load={async (name) => {
        const res = await request(ChamberSearch, { name: name.trim() || null });
        return res.chambers.edges.map((e) => ({ value: e.node.id, label: e.node.name }));
      }}
    />
  );
}

export function OfficialPicker(props: { value?: string; onChange?: (v: string | undefined) => void; testId?: string }) {
  return (
    <RemoteSelect
      {...props}
      placeholder="输入姓名、拼音或单位"
      name={async (id) => {
        const res = await request(OfficialName, { id });
        return { value: res.official.id, label: `${res.official.name}（${res.official.unit} ${res.official.title}）` };
      }}
      load={async (search) => {
        const term = search.trim();
        const res = await request(OfficialSearch, { search: term.length >= 2 ? term : null });
        return res.officials.edges.map((e) => ({ value: e.node.id, label: `${e.node.name}（${e.node.unit} ${e.node.title}）` }));
      }}
    />
  );
}

export function CountyPicker(props: { value?: string; onChange?: (v: string | undefined) => void; testId?: string }) {
  const { data } = useQuery(HomeCountiesQuery, {});
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      placeholder="选择县市区"
      data-testid={props.testId}
      options={(data?.homeCounties ?? []).map((c) => ({ value: c.code, label: c.name }))}
    />
  );
}

export function CommitteePicker(props: { value?: string; onChange?: (v: string | undefined) => void; testId?: string }) {
  const { data } = useQuery(CommitteesQuery, {});
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      placeholder="选择党工委"
      data-testid={props.testId}
      options={(data?.partyCommittees ?? []).map((c) => ({ value: c.id, label: c.name }))}
    />
  );
}

/** Which scope field a role needs, its label and its picker (the API's rule: one field per role, or none). */
export const ROLE_SCOPE: Record<string, { key: 'chamberId' | 'countyCode' | 'partyCommitteeId' | 'officialId'; label: string } | undefined> = {
  CHAMBER_SECRETARY: { key: 'chamberId', label: '所属商会' },
  COUNTY_OFFICER: { key: 'countyCode', label: '所属县市区' },
  PARTY_OFFICER: { key: 'partyCommitteeId', label: '所属党工委' },
  PROJECT_OFFICIAL: { key: 'officialId', label: '对应的联系领导或服务专员' },
};

export function ScopePicker({ role, value, onChange }: { role: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const testId = 'user-scope';
  switch (ROLE_SCOPE[role]?.key) {
    case 'chamberId':
      return <ChamberPicker value={value} onChange={onChange} testId={testId} />;
    case 'countyCode':
      return <CountyPicker value={value} onChange={onChange} testId={testId} />;
    case 'partyCommitteeId':
      return <CommitteePicker value={value} onChange={onChange} testId={testId} />;
    case 'officialId':
      return <OfficialPicker value={value} onChange={onChange} testId={testId} />;
    default:
      return null;
  }
}
