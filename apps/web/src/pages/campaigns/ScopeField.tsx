import { useQuery } from '@tanstack/react-query';
import { Radio, Select, Space, Typography } from 'antd';
import { SCHOOL_KINDS, SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import type { CampaignScope } from '@xiaoan/contracts';
import { fetchAllUnits } from '../../api/queries';

/** Which schools take part in a campaign: one way of choosing at a time. */
export type ScopeMode = 'all' | 'kinds' | 'areas' | 'schools';
export type ScopeValue = { mode: ScopeMode; schoolKinds: string[]; areaIds: string[]; schoolIds: string[] };

export const ALL_SCHOOLS: ScopeValue = { mode: 'all', schoolKinds: [], areaIds: [], schoolIds: [] };

/** The editor's value for a stored scope (a scope mixing several lists opens on the first that is set). */
export function scopeValueOf(s: CampaignScope): ScopeValue {
  const mode: ScopeMode = s.all ? 'all' : s.schoolKinds.length ? 'kinds' : s.areaIds.length ? 'areas' : s.schoolIds.length ? 'schools' : 'all';
  return { mode, schoolKinds: [...s.schoolKinds], areaIds: [...s.areaIds], schoolIds: [...s.schoolIds] };
}

/** The scope to send: only the list of the chosen way. */
export function scopeOfValue(v: ScopeValue): CampaignScope {
  return {
    all: v.mode === 'all',
    schoolKinds: v.mode === 'kinds' ? v.schoolKinds : [],
    areaIds: v.mode === 'areas' ? v.areaIds : [],
    schoolIds: v.mode === 'schools' ? v.schoolIds : [],
  };
}

/** Why the scope cannot be saved, or null. */
export function scopeProblem(v: ScopeValue): string | null {
  if (v.mode === 'kinds' && v.schoolKinds.length === 0) return '请选择至少一种学校类型';
  if (v.mode === 'areas' && v.areaIds.length === 0) return '请选择至少一个片区';
  if (v.mode === 'schools' && v.schoolIds.length === 0) return '请选择至少一所学校';
  return null;
}

const KIND_OPTIONS = SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }));

/** 参与学校: all schools, by school type, by area (片区) or named schools. */
export function ScopeField({ value, onChange, error }: { value: ScopeValue; onChange: (v: ScopeValue) => void; error?: string | null }) {
  const areas = useQuery({ queryKey: ['units', 'kind', 'area'], queryFn: ({ signal }) => fetchAllUnits({ kind: 'area' }, signal), staleTime: 60_000, enabled: value.mode === 'areas' });
  const schools = useQuery({ queryKey: ['units', 'kind', 'school'], queryFn: ({ signal }) => fetchAllUnits({ kind: 'school' }, signal), staleTime: 60_000, enabled: value.mode === 'schools' });
  const options = (list: typeof areas.data, chosen: string[], withArea: boolean) =>
    (list ?? []).filter((u) => u.status === 'active' || chosen.includes(u.id)).map((u) => ({ value: u.id, label: withArea && u.areaName ? `${u.name}（${u.areaName}）` : u.name }));
  const status = error ? ('error' as const) : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="scope-field">
      <Radio.Group
        value={value.mode}
        onChange={(e) => onChange({ ...value, mode: e.target.value as ScopeMode })}
        options={[
          { value: 'all', label: '全部学校' },
          { value: 'kinds', label: '按学校类型' },
          { value: 'areas', label: '按片区' },
          { value: 'schools', label: '指定学校' },
        ]}
      />
      {value.mode === 'kinds' && (
        <Select mode="multiple" allowClear style={{ width: '100%' }} placeholder="选择学校类型" status={status} value={value.schoolKinds} onChange={(v) => onChange({ ...value, schoolKinds: v })} options={KIND_OPTIONS} />
      )}
      {value.mode === 'areas' && (
        <Select
          mode="multiple"
          allowClear
          style={{ width: '100%' }}
          placeholder="选择片区"
          status={status}
          loading={areas.isLoading}
          optionFilterProp="label"
          value={value.areaIds}
          onChange={(v) => onChange({ ...value, areaIds: v })}
          options={options(areas.data, value.areaIds, false)}
          notFoundContent={areas.isError ? '片区加载失败' : areas.isLoading ? '加载中…' : '没有片区'}
        />
      )}
      {value.mode === 'schools' && (
        <Select
          mode="multiple"
          allowClear
          style={{ width: '100%' }}
          placeholder="搜索并选择学校"
          status={status}
          loading={schools.isLoading}
          optionFilterProp="label"
          maxTagCount="responsive"
          value={value.schoolIds}
          onChange={(v) => onChange({ ...value, schoolIds: v })}
          options={options(schools.data, value.schoolIds, true)}
          notFoundContent={schools.isError ? '学校加载失败' : schools.isLoading ? '加载中…' : '没有学校'}
        />
      )}
      {value.mode === 'schools' && value.schoolIds.length > 0 && <Typography.Text type="secondary">已选 {value.schoolIds.length} 所学校</Typography.Text>}
      {error && <Typography.Text type="danger" data-testid="scope-error">{error}</Typography.Text>}
    </Space>
  );
}
