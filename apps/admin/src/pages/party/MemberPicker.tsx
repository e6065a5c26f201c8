import { Select } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useMe } from '../../session';

const PickMembers = graphql(`
  query AdminPickMembers($first: Int!, $filter: MemberFilter) {
    members(first: $first, filter: $filter, sort: NAME) {
      edges { node { id name birthYear hometown { name } } }
    }
  }
`);

/**
 * Choose a member of the caller's scope (a secretariat: its chamber and below): the first 20 at
 * once, then what the one search box of 会员 finds (2+ characters of a name, pinyin, initials …).
 */
export function MemberPicker({ value, onChange, testId }: { value?: string; onChange?: (id: string | undefined) => void; testId?: string }) {
  const me = useMe();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const load = async (search: string) => {
    const mine = ++seq.current;
    setLoading(true);
    try {
      const term = search.trim();
      const data = await request(PickMembers, {
        first: 20,
        filter: { status: 'ACTIVE', ...(term.length >= 2 ? { search: term } : {}), ...(me.scope.chamberId ? { chamberSubtree: me.scope.chamberId } : {}) },
      });
      if (mine === seq.current) {
        setOptions(
          (data.members?.edges ?? []).map(({ node: m }) => ({
            value: m.id,
            label: [m.name, m.birthYear ? `${m.birthYear}年生` : null, m.hometown?.name].filter(Boolean).join(' · '),
          })),
        );
      }
    } catch {
      if (mine === seq.current) setOptions([]);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };
  useEffect(() => {
    void load('');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Select
      showSearch
      allowClear
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={(s) => void load(s)}
      loading={loading}
      options={options}
      placeholder="输入姓名、拼音或首字母查找本会会员"
      notFoundContent={loading ? '查找中…' : '未找到会员'}
      style={{ width: 360 }}
      data-testid={testId}
    />
  );
}
