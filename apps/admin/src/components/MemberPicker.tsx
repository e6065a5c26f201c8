import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { graphql } from '../api/graphql';
import { useQuery } from '../api/use-query';
import { useMe } from '../session';

const PickMembers = graphql(`
  query AdminPickMembers($first: Int!, $filter: MemberFilter) {
    members(first: $first, filter: $filter, sort: NAME) {
      edges { node { id name birthYear hometown { name } } }
    }
  }
`);

/**
 * Chooses members of the caller's own unit (its chamber and those below; its county's members),
 * by typing part of a name, pinyin or initials. The server decides what the caller may list; the
 * filter only narrows the list to the unit a return or a registration is for.
 */
export function MemberPicker({
  value,
  onChange,
  multiple,
  known = [],
  testId,
  placeholder = '输入姓名、拼音或首字母查找本单位会员',
}: {
  value?: string[] | string;
  onChange?(v: string[] | string): void;
  multiple?: boolean;
  /** Members already chosen (id and name), so their names show before any search. */
  known?: readonly { id: string; name: string }[];
  testId?: string;
  placeholder?: string;
}) {
  const me = useMe();
  const [term, setTerm] = useState('');
  const filter = {
    status: 'ACTIVE' as const,
    ...(me.scope.chamberId ? { chamberSubtree: me.scope.chamberId } : {}),
    ...(me.role === 'COUNTY_OFFICER' && me.scope.countyCode ? { hometownCode: me.scope.countyCode } : {}),
    ...(term.trim().length >= 2 ? { search: term.trim() } : {}),
  };
  const { data, loading } = useQuery(PickMembers, { first: 20, filter });
  const options = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of known) seen.set(m.id, m.name);
    for (const e of data?.members?.edges ?? []) {
      const m = e.node;
      const extra = [m.birthYear ? `${m.birthYear}年生` : null, m.hometown?.name].filter(Boolean).join('，');
      seen.set(m.id, extra ? `${m.name}（${extra}）` : m.name);
    }
    return [...seen].map(([id, label]) => ({ value: id, label }));
  }, [data, known]);
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTerm}
      loading={loading}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      placeholder={placeholder}
      notFoundContent={loading ? '查找中…' : '没有找到会员'}
      style={{ minWidth: 240 }}
      data-testid={testId}
    />
  );
}
