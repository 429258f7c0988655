import { Radio, Select, Space, Typography } from 'antd';
import { SCHOOL_KINDS, SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import type { CampaignScope, CreateCampaignBody } from '@xiaoan/contracts';
import { useUnitsOfKind } from '../../api/queries';

/** Which schools take part in a campaign: one way of choosing at a time. */
export type ScopeMode = 'all' | 'kinds' | 'areas' | 'schools';
export type ScopeValue = { mode: ScopeMode; schoolKinds: string[]; areaIds: string[]; schoolIds: string[] };

/** The header of a campaign as its import and edit forms hold it (every field a string, dates YYYY-MM-DD). */
export type CampaignHeaderDraft = {
  title: string;
  docNumber: string;
  issuer: string;
  issuedOn: string;
  periodStart: string;
  periodEnd: string;
  focusDomains: string[];
  scope: ScopeValue;
};

/** The header fields of a create or update body, from the form's draft (trimmed, empty as null). */
export function campaignHeaderBody(d: CampaignHeaderDraft) {
  return {
    title: d.title.trim(),
    docNumber: d.docNumber.trim() || null,
    issuer: d.issuer.trim() || null,
    issuedOn: d.issuedOn || null,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    focusDomains: d.focusDomains as CreateCampaignBody['focusDomains'],
    scope: scopeOfValue(d.scope),
  };
}

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
  const areas = useUnitsOfKind('area', value.mode === 'areas');
  const schools = useUnitsOfKind('school', value.mode === 'schools');
  const options = (list: typeof areas.data, chosen: string[], withArea: boolean) =>
    (list ?? []).filter((u) => u.status === 'active' || chosen.includes(u.id)).map((u) => ({ value: u.id, label: withArea && u.areaName ? `${u.name}（${u.areaName}）` : u.name }));
  const status = error ? ('error' as const) : undefined;
  // The area and the school pickers: the same multiple select over a list of units.
  const unitSelect = (q: typeof areas, field: 'areaIds' | 'schoolIds', o: { placeholder: string; noun: string; withArea: boolean }) => (
    <Select
      mode="multiple"
      allowClear
      style={{ width: '100%' }}
      placeholder={o.placeholder}
      status={status}
      loading={q.isLoading}
      optionFilterProp="label"
      maxTagCount={o.withArea ? 'responsive' : undefined}
      value={value[field]}
      onChange={(v) => onChange({ ...value, [field]: v })}
      options={options(q.data, value[field], o.withArea)}
      notFoundContent={q.isError ? `${o.noun}加载失败` : q.isLoading ? '加载中…' : `没有${o.noun}`}
    />
  );
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
      {value.mode === 'areas' && unitSelect(areas, 'areaIds', { placeholder: '选择片区', noun: '片区', withArea: false })}
      {value.mode === 'schools' && unitSelect(schools, 'schoolIds', { placeholder: '搜索并选择学校', noun: '学校', withArea: true })}
      {value.mode === 'schools' && value.schoolIds.length > 0 && <Typography.Text type="secondary">已选 {value.schoolIds.length} 所学校</Typography.Text>}
      {error && <Typography.Text type="danger" data-testid="scope-error">{error}</Typography.Text>}
    </Space>
  );
}
