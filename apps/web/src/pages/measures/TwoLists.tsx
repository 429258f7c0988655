import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_GRADE_LABELS, HAZARD_STATE_LABELS, MEASURE_KIND_LABELS, MEASURE_KINDS, MEASURE_STATUS_LABELS, MEASURE_STATUSES, can, type MeasureKind, type MeasureStatus } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useHazardPage } from '../../api/hazards';
import { measureExportUrl, useMeasures, type MeasureSummaryT } from '../../api/measures';
import type { HazardSummary } from '../../api/types';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useUrlState } from '../../lib/useUrlState';
import { MeasureFormDrawer } from './MeasureForm';
import { MeasureStatusTag } from './measureUi';

/** 问题隐患清单: the school's hazard ledger (through the hazards API) in the columns of the list schools submit. */
function HazardListTab({ schoolId }: { schoolId?: string }) {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const list = useHazardPage({ schoolId, sort: 'foundAt', order: 'asc' }, page, pageSize);
  const rows = list.data?.items ?? [];
  const n = (h: HazardSummary) => (page - 1) * pageSize + rows.indexOf(h) + 1;
  const columns: TableColumnsType<HazardSummary> = [
    { title: '序号', width: 60, render: (_, h) => n(h) },
    { title: '问题隐患名称', render: (_, h) => <Link to={`/hazards/${h.id}`}>{h.title}</Link> },
    { title: '类别', width: 120, render: (_, h) => HAZARD_DOMAIN_LABELS[h.domain] },
    { title: '等级', width: 80, render: (_, h) => HAZARD_GRADE_LABELS[h.grade] },
    { title: '发现时间', dataIndex: 'foundAt', width: 110 },
    { title: '责任人', width: 150, render: (_, h) => h.owner ?? '—' },
    { title: '完成时限', width: 110, render: (_, h) => h.dueDate ?? '—' },
    {
      title: '完成情况',
      width: 150,
      render: (_, h) => (
        <>
          <Tag color={h.state === 'closed' ? 'success' : 'processing'}>{HAZARD_STATE_LABELS[h.state]}</Tag>
          {h.overdue && <Tag color="red">逾期</Tag>}
        </>
      ),
    },
  ];
  return (
    <ResponsiveList
      rows={rows}
      columns={columns}
      rowTestId="hazard-list-row"
      loading={list.isPending}
      error={list.error}
      onRetry={() => void list.refetch()}
      empty="问题隐患清单为空"
      paging={{ page, pageSize, total: list.data?.total ?? 0, set: (p) => { if (p.page) setPage(p.page); if (p.pageSize) setPageSize(p.pageSize); } }}
      onCardClick={(h) => void navigate(`/hazards/${h.id}`)}
      card={(h) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
            {h.title}
          </Typography.Text>
          <div>
            <Tag color={h.state === 'closed' ? 'success' : 'processing'}>{HAZARD_STATE_LABELS[h.state]}</Tag>
            {h.overdue && <Tag color="red">逾期</Tag>}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {HAZARD_DOMAIN_LABELS[h.domain]} · 责任人 {h.owner ?? '—'} · 时限 {h.dueDate ?? '—'}
            </Typography.Text>
          </div>
        </div>
      )}
    />
  );
}

/** 制度措施清单: the school's measures with filters; its admin adds them. */
function MeasureListTab({ schoolId, manage }: { schoolId?: string; manage: boolean }) {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(['status', 'kind', 'overdue', 'q'] as const);
  const [q, setQ] = useState(values.q ?? '');
  const [creating, setCreating] = useState(false);
  const list = useMeasures({ unitId: schoolId, status: values.status as MeasureStatus | undefined, kind: values.kind as MeasureKind | undefined, overdue: values.overdue === 'true' || undefined, q: values.q }, page, pageSize);
  const rows = list.data?.items ?? [];
  const columns: TableColumnsType<MeasureSummaryT> = [
    { title: '序号', width: 60, render: (_, m) => (page - 1) * pageSize + rows.indexOf(m) + 1 },
    { title: '制度名称', render: (_, m) => <Link to={`/measures/${m.id}`} data-testid="measure-open">{m.title}</Link> },
    { title: '类别', width: 90, render: (_, m) => MEASURE_KIND_LABELS[m.kind] },
    { title: '责任人', width: 140, render: (_, m) => (m.ownerDepartment ? `${m.ownerName}（${m.ownerDepartment}）` : m.ownerName) },
    { title: '完成时限', dataIndex: 'dueOn', width: 110 },
    { title: '完成情况', width: 150, render: (_, m) => <MeasureStatusTag status={m.status} overdue={m.overdue} /> },
    { title: '来源', width: 90, render: (_, m) => (m.origins.length ? `${m.origins.length} 条隐患` : '—') },
  ];
  return (
    <>
      <ResponsiveList
        rows={rows}
        columns={columns}
        rowTestId="measure-row"
        loading={list.isPending}
        error={list.error}
        onRetry={() => void list.refetch()}
        empty="制度措施清单为空"
        paging={{ page, pageSize, total: list.data?.total ?? 0, set }}
        onCardClick={(m) => void navigate(`/measures/${m.id}`)}
        filters={
          <>
            <Input.Search className="xa-filter-wide" style={{ width: 200 }} allowClear placeholder="搜索名称、责任人" aria-label="搜索制度措施" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} />
            <Select style={{ width: 130 }} allowClear placeholder="状态" aria-label="状态" value={values.status} onChange={(v: string | undefined) => set({ status: v })} options={MEASURE_STATUSES.map((s) => ({ value: s, label: MEASURE_STATUS_LABELS[s] }))} />
            <Select style={{ width: 120 }} allowClear placeholder="类别" aria-label="类别" value={values.kind} onChange={(v: string | undefined) => set({ kind: v })} options={MEASURE_KINDS.map((k) => ({ value: k, label: MEASURE_KIND_LABELS[k] }))} />
            <Checkbox checked={values.overdue === 'true'} onChange={(e) => set({ overdue: e.target.checked ? 'true' : undefined })}>
              只看逾期
            </Checkbox>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="measure-new">
                新增制度措施
              </Button>
            )}
          </>
        }
        card={(m) => (
          <div data-testid="measure-card" style={{ minWidth: 0 }}>
            <Typography.Text strong style={{ overflowWrap: 'anywhere' }}>
              {m.title}
            </Typography.Text>
            <div>
              <MeasureStatusTag status={m.status} overdue={m.overdue} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {MEASURE_KIND_LABELS[m.kind]} · {m.ownerName} · 时限 {m.dueOn}
              </Typography.Text>
            </div>
          </div>
        )}
      />
      {manage && <MeasureFormDrawer open={creating} record={null} schoolId={schoolId} onClose={() => setCreating(false)} onSaved={(d) => { setCreating(false); void navigate(`/measures/${d.measure.id}`); }} />}
    </>
  );
}

/** A school's two lists (两个清单) in two tabs, with the export of both. */
export function TwoLists({ schoolId }: { schoolId?: string }) {
  const me = useMe();
  const manage = can(me.role, 'measure.manage');
  const [tab, setTab] = useState<'hazards' | 'measures'>('measures');
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<DownloadOutlined />} href={measureExportUrl(schoolId)} data-testid="measure-export">
          导出两个清单（Excel）
        </Button>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as 'hazards' | 'measures')}
        items={[
          { key: 'hazards', label: '问题隐患清单', children: <HazardListTab schoolId={schoolId} /> },
          { key: 'measures', label: '制度措施清单', children: <MeasureListTab schoolId={schoolId} manage={manage} /> },
        ]}
      />
    </div>
  );
}
