import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Input, Select, Tag, Typography } from 'antd';
import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { can, HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, RISK_LEVEL_LABELS, RISK_LEVELS, RISK_STATUS_LABELS, type HazardDomain, type RiskLevel, type RiskStatus } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useRisks, type RiskT } from '../../api/risks';
import { PageTitle } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useUrlState } from '../../lib/useUrlState';
import { RiskFormDrawer } from './RiskForm';
import { RiskLevelTag } from './riskUi';

/** Review and reassessment marks of a risk. */
export function RiskMarks({ r }: { r: RiskT }) {
  return (
    <>
      {r.status === 'retired' && <Tag>{RISK_STATUS_LABELS.retired}</Tag>}
      {r.reviewDue && (
        <Tag color="volcano" data-testid="risk-review-due">
          复评到期
        </Tag>
      )}
      {r.reassessmentFlag && (
        <Tag color="magenta" data-testid="risk-flagged">
          建议重新评估
        </Tag>
      )}
    </>
  );
}

/** 风险清单: the register of the caller's scope (a school: its own), filtered by unit, level, domain, review and the reassessment flag. */
export default function RiskListPage() {
  const me = useMe();
  const navigate = useNavigate();
  const manage = can(me.role, 'risk.manage');
  const schoolSide = me.role === 'school_admin' || me.role === 'school_staff';
  const { values, page, pageSize, set } = useUrlState(['unitId', 'pointId', 'level', 'domain', 'status', 'reviewDue', 'flagged', 'q'] as const);
  const [q, setQ] = useState(values.q ?? '');
  const filter = {
    unitId: values.unitId,
    pointId: values.pointId,
    level: values.level as RiskLevel | undefined,
    domain: values.domain as HazardDomain | undefined,
    status: (values.status ?? 'active') === 'all' ? undefined : ((values.status ?? 'active') as RiskStatus),
    reviewDue: values.reviewDue === 'true' || undefined,
    flagged: values.flagged === 'true' || undefined,
    q: values.q,
  };
  const list = useRisks(filter, page, pageSize);
  const [creating, setCreating] = useState(false);
  const rows = list.data?.items ?? [];
  const schoolId = me.unit.kind === 'school' ? me.unit.id : undefined;

  const columns: TableColumnsType<RiskT> = [
    {
      title: '风险名称',
      render: (_, r) => (
        <Link to={`/risks/${r.id}`} data-testid="risk-open">
          {r.name}
        </Link>
      ),
    },
    ...(schoolSide ? [] : [{ title: '学校', dataIndex: 'schoolName', width: 160, ellipsis: true } as const]),
    { title: '点位', width: 130, render: (_, r) => r.pointName ?? '全校', ellipsis: true },
    { title: '类别', width: 130, render: (_, r) => HAZARD_DOMAIN_LABELS[r.domain as HazardDomain] ?? r.domain },
    { title: 'L×S', width: 80, render: (_, r) => `${r.likelihood}×${r.severity}=${r.score}` },
    { title: '风险等级', width: 150, render: (_, r) => <RiskLevelTag level={r.level} /> },
    { title: '残余风险', width: 150, render: (_, r) => (r.residualLevel ? <RiskLevelTag level={r.residualLevel} testId="risk-residual-level" /> : '—') },
    { title: '复评日期', width: 110, render: (_, r) => r.reviewOn ?? '—' },
    { title: '关联隐患', dataIndex: 'hazardCount', width: 80 },
    { title: '提示', width: 160, render: (_, r) => <RiskMarks r={r} /> },
  ];

  return (
    <div>
      <PageTitle
        title="风险清单"
        sub={manage ? '辨识本校安全风险，按可能性×严重性评估定级，落实管控措施、方案和预案，按期复评' : '各校的安全风险辨识评估与管控情况（只读）'}
        extra={
          <>
            {can(me.role, 'risk.matrix') && (
              <Button icon={<SettingOutlined />} onClick={() => void navigate('/risks/matrix')} data-testid="risk-matrix-open">
                分级阈值
              </Button>
            )}
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="risk-new">
                辨识评估风险
              </Button>
            )}
            {/* Risk notice cards (RiskCardsPrintPage): of the point filtered on, else of the school (one's own, or the one filtered on). */}
            {(values.pointId || schoolId || (values.unitId && rows.length > 0 && rows.every((r) => r.schoolId === values.unitId))) && (
              <Button
                href={values.pointId ? `/risks/cards?pointId=${values.pointId}` : `/risks/cards?schoolId=${schoolId ?? values.unitId}`}
                target="_blank"
                data-testid="risk-cards-open"
              >
                打印风险告知卡
              </Button>
            )}
          </>
        }
      />
      <ResponsiveList
        rows={rows}
        columns={columns}
        rowTestId="risk-row"
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty="暂无风险记录"
        paging={{ page, pageSize, total: list.data?.total ?? 0, set }}
        onCardClick={(r) => void navigate(`/risks/${r.id}`)}
        filters={
          <>
            <Input.Search
              className="xa-filter-wide"
              style={{ width: 220 }}
              allowClear
              placeholder="搜索风险名称、表述、学校、点位"
              aria-label="搜索风险"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || undefined })}
              data-testid="risk-search"
            />
            <Select
              style={{ width: 140 }}
              allowClear
              placeholder="风险等级"
              aria-label="风险等级"
              value={values.level}
              onChange={(v: string | undefined) => set({ level: v })}
              options={RISK_LEVELS.map((l) => ({ value: l, label: RISK_LEVEL_LABELS[l] }))}
              data-testid="risk-level-filter"
            />
            <Select
              style={{ width: 170 }}
              allowClear
              placeholder="风险类别"
              aria-label="风险类别"
              value={values.domain}
              onChange={(v: string | undefined) => set({ domain: v })}
              options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))}
            />
            <Select
              style={{ width: 120 }}
              aria-label="状态"
              value={values.status ?? 'active'}
              onChange={(v: string) => set({ status: v === 'active' ? undefined : v })}
              options={[
                { value: 'active', label: RISK_STATUS_LABELS.active },
                { value: 'retired', label: RISK_STATUS_LABELS.retired },
                { value: 'all', label: '全部' },
              ]}
            />
            {!schoolSide && (
              <UnitTreeSelect
                style={{ width: 220 }}
                allow={['area', 'school']}
                allowClear
                placeholder="单位（片区含其学校）"
                aria-label="单位"
                value={values.unitId}
                onChange={(v) => set({ unitId: v })}
              />
            )}
            <Checkbox checked={values.reviewDue === 'true'} onChange={(e) => set({ reviewDue: e.target.checked ? 'true' : undefined })} data-testid="risk-review-due-filter">
              复评到期
            </Checkbox>
            <Checkbox checked={values.flagged === 'true'} onChange={(e) => set({ flagged: e.target.checked ? 'true' : undefined })}>
              建议重新评估
            </Checkbox>
          </>
        }
        card={(r) => (
          <div data-testid="risk-card" style={{ minWidth: 0 }}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
                {r.name}
              </Typography.Text>
              <RiskLevelTag level={r.level} />
            </div>
            <div style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>
              <Typography.Text type="secondary">
                {schoolSide ? '' : `${r.schoolName} · `}
                {r.pointName ?? '全校'} · {HAZARD_DOMAIN_LABELS[r.domain as HazardDomain] ?? r.domain} · L×S {r.likelihood}×{r.severity}={r.score}
              </Typography.Text>
            </div>
            <RiskMarks r={r} />
            {r.reviewOn && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                复评 {r.reviewOn}
              </Typography.Text>
            )}
          </div>
        )}
      />
      {manage && (
        <RiskFormDrawer
          open={creating}
          record={null}
          schoolId={schoolId}
          onClose={() => setCreating(false)}
          onSaved={(d) => {
            setCreating(false);
            void navigate(`/risks/${d.id}`);
          }}
        />
      )}
    </div>
  );
}
