import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { request } from '../../api/client';
import { graphql } from '../../api/graphql';
import { useQuery } from '../../api/use-query';
import type { Me } from '../../session';

/** Reference data of the investment pages: the home city's counties and the industry classification. */
const LookupsQuery = graphql(`
  query AdminInvestmentLookups {
    homeCounties { code name }
    industries { code name divisions { code name } }
  }
`);

const ChamberOptions = graphql(`
  query AdminInvestmentChambers($name: String) {
    chambers(first: 30, filter: { name: $name }) { edges { node { id name } } }
  }
`);

const MemberOptions = graphql(`
  query AdminInvestmentMembers($search: String) {
    members(first: 20, filter: { search: $search }) { edges { node { id name hometown { name } } } }
  }
`);

export interface Lookups {
  countyName(code: string | null | undefined): string;
  industryName(code: string | null | undefined): string;
  counties: { value: string; label: string }[];
  industries: { label: string; options: { value: string; label: string }[] }[];
}

export function useLookups(): Lookups {
  const { data } = useQuery(LookupsQuery, {});
  return useMemo(() => {
    const counties = new Map((data?.homeCounties ?? []).map((c) => [c.code, c.name]));
    const industries = new Map<string, string>();
    for (const s of data?.industries ?? []) {
      industries.set(s.code, s.name);
      for (const d of s.divisions) industries.set(d.code, d.name);
    }
    return {
      countyName: (code) => (code ? counties.get(code) ?? code : '—'),
      industryName: (code) => (code ? industries.get(code) ?? code : '—'),
      counties: [...counties].map(([value, label]) => ({ value, label })),
      industries: (data?.industries ?? []).map((s) => ({
        label: `${s.code} ${s.name}`,
        options: [{ value: s.code, label: `${s.code} ${s.name}（门类）` }, ...s.divisions.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))],
      })),
    };
  }, [data]);
}

/** Who may do what on the projects (the API decides; this only hides buttons that would be refused). */
export function projectRights(me: Me) {
  const manage = me.role === 'ADMIN' || me.role === 'COUNTY_OFFICER';
  return {
    manage,
    progress: manage || me.role === 'PROJECT_OFFICIAL',
    report: me.role !== 'PROJECT_OFFICIAL',
  };
}

/** A chamber picked by typing part of its name (chambers in the caller's scope). */
export function ChamberSelect(props: { value?: string; onChange?: (v: string | undefined) => void; placeholder?: string; style?: React.CSSProperties; initialLabel?: string; testId?: string }) {
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      request(ChamberOptions, { name: term.trim() || null })
        .then((d) => live && setOptions(d.chambers.edges.map((e) => ({ value: e.node.id, label: e.node.name }))))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term]);
  const withCurrent = props.value && props.initialLabel && !options.some((o) => o.value === props.value) ? [{ value: props.value, label: props.initialLabel }, ...options] : options;
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      onSearch={setTerm}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={withCurrent}
      placeholder={props.placeholder ?? '引荐商会（输入名称查找）'}
      style={props.style}
      data-testid={props.testId}
    />
  );
}

/** Investor members picked by the members' search (name fragments, pinyin, initials, phone endings). */
export function MemberMultiSelect(props: { value?: string[]; onChange?: (v: string[]) => void; initial?: { value: string; label: string }[] }) {
  const [term, setTerm] = useState('');
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    if (term.trim().length < 2) return;
    let live = true;
    const timer = setTimeout(() => {
      request(MemberOptions, { search: term.trim() })
        .then((d) => live && setOptions((d.members?.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.hometown ? `${e.node.name}（${e.node.hometown.name}）` : e.node.name }))))
        .catch(() => live && setOptions([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [term]);
  const known = [...(props.initial ?? []), ...options].filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i);
  return (
    <Select
      mode="multiple"
      showSearch
      filterOption={false}
      onSearch={setTerm}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={known}
      placeholder="输入姓名、拼音或手机尾号查找会员"
      notFoundContent={term.trim().length < 2 ? '请至少输入两个字' : '无匹配会员'}
    />
  );
}
