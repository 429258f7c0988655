import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, DatePicker, Empty, List, Progress, Segmented, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { FREQUENCY_LABELS, HAZARD_DOMAIN_LABELS, INSPECTION_KIND_LABELS, INSPECTION_KINDS, POINT_TYPE_LABELS, can, type Frequency, type HazardDomain, type InspectionKind, type PointType } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { inspectionApi, type DueCheck, type InspectionSummary } from '../../api/inspections';
import { ActionLink, ListItemText, PageTitle, QueryError } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { SchoolPicker } from './SchoolPicker';
import { keys } from '../../api/keys';

const STATUS: Record<DueCheck['status'], { text: string; color: string }> = {
  due: { text: '待查', color: 'orange' },
  done: { text: '已查', color: 'success' },
  missed: { text: '漏查', color: 'error' },
};
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);
const ymd = (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined);

function DueTab({ schoolId, schoolSide }: { schoolId?: string; schoolSide: boolean }) {
  const me = useMe();
  const navigate = useNavigate();
  const [date, setDate] = useState<string | undefined>();
  const enabled = schoolSide || !!schoolId;
  const q = useQuery({
    queryKey: keys.inspections.schedule({ schoolId, date }),
    queryFn: ({ signal }) => inspectionApi.schedule({ schoolId, date }, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
  if (!enabled) return <Empty description="请先选择学校" />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const items = q.data?.items ?? [];
  const counts = { due: 0, done: 0, missed: 0 } as Record<DueCheck['status'], number>;
  for (const i of items) counts[i.status]++;
  const canCheck = can(me.role, 'inspection.submit');
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker value={date ? dayjs(date) : null} onChange={(d) => setDate(ymd(d))} placeholder="今天" allowClear disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        <Tag color="orange">待查 {counts.due}</Tag>
        <Tag color="success">已查 {counts.done}</Tag>
        {counts.missed > 0 && <Tag color="error">漏查 {counts.missed}</Tag>}
      </Space>
      <List
        loading={q.isPending}
        dataSource={items}
        locale={{ emptyText: '没有需要检查的点位（学校尚未设置点位）' }}
        renderItem={(i) => (
          <List.Item
            data-testid={`due-${i.point.id}`}
            actions={[
              i.status === 'done' && i.inspectionId ? (
                <Link key="v" to={`/inspections/${i.inspectionId}`}>
                  查看
                </Link>
              ) : i.status === 'due' && canCheck ? (
                <Button key="c" type="primary" onClick={() => void navigate(`/inspections/check/${i.point.id}`)}>
                  开始检查
                </Button>
              ) : null,
            ]}
          >
            <ListItemText
              title={
                <Space wrap size={4}>
                  <span>{i.point.name}</span>
                  <Tag color={STATUS[i.status].color}>{STATUS[i.status].text}</Tag>
                </Space>
              }
              description={`${schoolSide ? '' : `${i.school.name} · `}${POINT_TYPE_LABELS[i.point.pointType as PointType] ?? i.point.pointType} · ${FREQUENCY_LABELS[i.point.frequency as Frequency]} · ${i.period.start === i.period.end ? i.period.start : `${i.period.start} 至 ${i.period.end}`}`}
            />
          </List.Item>
        )}
      />
    </div>
  );
}

function CompletionTab({ onSchool }: { onSchool: (id: string) => void }) {
  const [window, setWindow] = useState<'day' | 'week' | 'month'>('month');
  const [date, setDate] = useState<string | undefined>();
  const mobile = useIsMobile();
  const q = useQuery({ queryKey: keys.inspections.completion({ window, date }), queryFn: ({ signal }) => inspectionApi.completion({ window, date }, signal), placeholderData: keepPreviousData });
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented aria-label="统计周期" value={window} onChange={(v) => setWindow(v as typeof window)} options={[{ value: 'day', label: '日' }, { value: 'week', label: '周' }, { value: 'month', label: '月' }]} />
        <DatePicker value={date ? dayjs(date) : null} onChange={(d) => setDate(ymd(d))} placeholder="今天" allowClear picker={window === 'month' ? 'month' : window === 'week' ? 'week' : 'date'} />
        {r && <Typography.Text type="secondary">{r.from === r.to ? r.from : `${r.from} 至 ${r.to}`}</Typography.Text>}
      </Space>
      {r && (
        <Space wrap size={24} style={{ marginBottom: 16 }}>
          <Statistic title="完成率" value={pct(r.total.rate)} />
          <Statistic title="应查" value={r.total.owed} />
          <Statistic title="已查" value={r.total.done} />
          <Statistic title="待查" value={r.total.due} />
          <Statistic title="漏查" value={r.total.missed} styles={{ content: { color: r.total.missed ? '#cf1322' : undefined } }} />
        </Space>
      )}
      <Table
        size="small"
        rowKey={(s) => s.school.id}
        loading={q.isFetching}
        dataSource={r?.schools ?? []}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        scroll={mobile ? { x: 560 } : undefined}
        columns={[
          { title: '学校', dataIndex: ['school', 'name'], render: (n: string, s) => <ActionLink onClick={() => onSchool(s.school.id)}>{n}</ActionLink> },
          { title: '完成率', dataIndex: 'rate', width: 180, render: (v: number | null, s) => (v === null ? '—' : <Progress aria-label={`${s.school.name}完成率 ${Math.round(v * 1000) / 10}%`} percent={Math.round(v * 1000) / 10} size="small" status={v < 0.8 ? 'exception' : 'normal'} format={(p) => `${p}%`} />) },
          { title: '应查', dataIndex: 'owed', width: 70 },
          { title: '已查', dataIndex: 'done', width: 70 },
          { title: '待查', dataIndex: 'due', width: 70 },
          { title: '漏查', dataIndex: 'missed', width: 70, render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : 0) },
        ]}
      />
    </div>
  );
}

function WeeklyTab({ schoolId }: { schoolId?: string }) {
  const [date, setDate] = useState<string | undefined>();
  const q = useQuery({ queryKey: keys.inspections.weekly({ schoolId, date }), queryFn: ({ signal }) => inspectionApi.weekly({ schoolId: schoolId!, date }, signal), enabled: !!schoolId });
  if (!schoolId) return <Empty description="请先选择学校" />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const r = q.data;
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <DatePicker picker="week" value={date ? dayjs(date) : null} onChange={(d) => setDate(ymd(d))} placeholder="本周" allowClear />
        {r && <Typography.Text type="secondary">{`${r.week.key}（${r.week.start} 至 ${r.week.end}）`}</Typography.Text>}
      </Space>
      {r && (
        <>
          <Space wrap size={24} style={{ marginBottom: 16 }}>
            <Statistic title="完成率" value={pct(r.rate)} />
            <Statistic title="应查 / 已查" value={`${r.owed} / ${r.done}`} />
            <Statistic title="漏查" value={r.missed} />
            <Statistic title="检查记录" value={r.inspections} />
            <Statistic title="不合格项" value={r.failedItems} />
            <Statistic title="登记隐患" value={r.hazardsRaised} />
          </Space>
          {r.byDomain.length > 0 && (
            <div style={{ marginBottom: 12 }}>
              {r.byDomain.map((b) => (
                <Tag key={b.domain}>
                  {HAZARD_DOMAIN_LABELS[b.domain as HazardDomain] ?? b.domain} {b.failedItems}
                </Tag>
              ))}
            </div>
          )}
          <Card size="small" title="不合格项" style={{ marginBottom: 12 }}>
            {r.failures.length === 0 ? (
              <Typography.Text type="secondary">本周无不合格项</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={r.failures}
                renderItem={(f) => (
                  <List.Item actions={[<Link key="v" to={`/inspections/${f.inspectionId}`}>记录</Link>, f.hazardId ? <Link key="h" to={`/hazards/${f.hazardId}`}>隐患</Link> : <Tag key="n">未登记</Tag>]}>
                    <ListItemText title={`${f.inspectedOn} ${f.pointName ?? ''} · ${f.itemText}`} description={f.note} />
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={`漏查（${r.missedChecks.length}）`}>
            {r.missedChecks.length === 0 ? <Typography.Text type="secondary">无</Typography.Text> : r.missedChecks.map((m) => <Tag key={`${m.pointName}/${m.periodKey}`} color="error">{`${m.pointName} ${m.periodKey}`}</Tag>)}
          </Card>
        </>
      )}
    </div>
  );
}

const RECORD_FILTERS = ['kind', 'failures'] as const;

/** Every inspection record in scope; kind, failures and the page live in the address. */
function RecordsTab({ schoolId }: { schoolId?: string }) {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(RECORD_FILTERS);
  const kind = INSPECTION_KINDS.find((k) => k === values.kind);
  const failures = values.failures === '1';
  const q = useQuery({
    queryKey: keys.inspections.list({ schoolId, kind, failures, page, pageSize }),
    queryFn: ({ signal }) => inspectionApi.inspections({ schoolId, kind, withFailures: failures || undefined, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
  const result = (r: InspectionSummary) => (r.failCount ? <Tag color="error">不合格 {r.failCount}</Tag> : <Tag color="success">全部合格</Tag>);
  const columns: TableColumnsType<InspectionSummary> = [
    { title: '日期', dataIndex: 'inspectedOn', width: 110, render: (v: string, r) => <Link to={`/inspections/${r.id}`}>{v}</Link> },
    { title: '学校', dataIndex: ['school', 'name'] },
    { title: '点位', dataIndex: ['point', 'name'], render: (v?: string) => v ?? '—' },
    { title: '方式', dataIndex: 'kind', width: 90, render: (k: InspectionKind) => INSPECTION_KIND_LABELS[k] },
    { title: '检查人', dataIndex: ['inspector', 'displayName'], width: 100 },
    { title: '结果', key: 'r', width: 140, render: (_: unknown, r) => result(r) },
    { title: '查看', key: 'go', width: 60, render: (_: unknown, r) => <Link to={`/inspections/${r.id}`} aria-label="查看"><RightOutlined /></Link> },
  ];
  return (
    <ResponsiveList<InspectionSummary>
      rows={q.data?.items ?? []}
      columns={columns}
      loading={q.isFetching}
      error={q.error ?? undefined}
      onRetry={() => void q.refetch()}
      empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={kind || failures ? '没有符合条件的检查记录' : '还没有检查记录'} />}
      paging={{ page, pageSize, total: q.data?.total ?? 0, set }}
      onCardClick={(r) => void navigate(`/inspections/${r.id}`)}
      filters={
        <>
          <Segmented
            aria-label="检查类型"
            className="xa-filter-wide"
            value={kind ?? 'all'}
            onChange={(v) => set({ kind: v === 'all' ? undefined : String(v) })}
            options={[{ value: 'all', label: '全部' }, ...INSPECTION_KINDS.map((k) => ({ value: k, label: INSPECTION_KIND_LABELS[k] }))]}
            style={{ maxWidth: '100%', overflowX: 'auto' }}
          />
          <Button type={failures ? 'primary' : 'default'} onClick={() => set({ failures: failures ? undefined : '1' })}>
            只看有不合格项
          </Button>
        </>
      }
      card={(r) => (
        <>
          <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
            <Typography.Text strong className="xa-wrap">
              {r.school.name}
              {r.point ? ` · ${r.point.name}` : ''}
            </Typography.Text>
            {result(r)}
          </div>
          <div className="xa-muted xa-wrap" style={{ fontSize: 13, marginTop: 4 }}>
            {r.inspectedOn} · {INSPECTION_KIND_LABELS[r.kind as InspectionKind]} · {r.inspector.displayName}
          </div>
        </>
      )}
    />
  );
}

/** 排查: today's checks, completion rates, the weekly roll-up and every record, for the caller's scope. */
export default function InspectionsPage() {
  const me = useMe();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const { values, set } = useUrlState(['tab', 'schoolId'] as const);
  const schoolId = schoolSide ? (me.unit.kind === 'school' ? me.unit.id : undefined) : values.schoolId;
  const tab = values.tab ?? (schoolSide ? 'due' : 'completion');
  return (
    <div>
      <PageTitle
        title="排查检查"
        sub={schoolSide ? '每日一自查、每周一汇总、每月一上报' : '各校检查完成情况、漏查与不合格项'}
        extra={!schoolSide && <SchoolPicker value={values.schoolId} onChange={(id) => set({ schoolId: id })} placeholder="全部学校" />}
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k })}
        items={[
          { key: 'due', label: '今日待查', children: <DueTab schoolId={schoolId} schoolSide={schoolSide} /> },
          ...(schoolSide ? [] : [{ key: 'completion', label: '完成率', children: <CompletionTab onSchool={(id: string) => set({ schoolId: id, tab: 'weekly' })} /> }]),
          { key: 'weekly', label: '周汇总', children: <WeeklyTab schoolId={schoolId} /> },
          { key: 'records', label: '检查记录', children: <RecordsTab schoolId={schoolId} /> },
        ]}
      />
    </div>
  );
}
