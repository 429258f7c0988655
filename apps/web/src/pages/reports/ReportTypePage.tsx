import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { App, Button, Card, Col, Empty, Input, List, Row, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, FileWordOutlined, LeftOutlined, PhoneOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { can, REPORT_STATES, REPORT_SUBMITTER_LABELS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { useTeams, useUnitsOfKind } from '../../api/queries';
import { downloadDocument, rollupPath, useCompleteness, useMatrix, useReportPeriods, useReportType, type CompletenessItemT, type CompletenessT, type ReportPeriodT } from '../../api/reports';
import { PageTitle, QueryError } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { CompletenessMatrix } from './CompletenessMatrix';
import { ReopenModal, type ReopenTarget } from './ReopenModal';
import { ReviewDrawer } from './ReviewDrawer';
import { RateBar, STATE_TEXT, StateTag, fmtTime, todayIso } from './reportUi';

/*
 * 报送管理 of one report type: one period's completeness and timeliness (district and per
 * area), the units still missing with their safety officer's phone, the period's list with
 * review (通过 / 退回 in a drawer), reopening a locked period for one unit, the roll-up
 * downloads, and the matrix of units × the last twelve periods.
 */

const MATRIX_PERIODS = 12;
const ROW_ORDER: Record<CompletenessItemT['state'], number> = { submitted: 0, late: 1, returned: 2, missing: 3, draft: 4, not_started: 5, approved: 6 };

function Rates({ c }: { c: CompletenessT }) {
  const mobile = useIsMobile();
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>报送率与及时率</h2>} data-testid="report-rates">
      <Space wrap size={[24, 8]} style={{ marginBottom: 12 }}>
        <Statistic title="应报" value={c.expected} />
        <Statistic title="已报送" value={c.submitted} />
        <Statistic title="按时" value={c.onTime} />
        <Statistic title="逾期报送" value={c.late} />
        <Statistic title="缺报" value={c.missing} styles={{ content: { color: c.missing ? '#cf1322' : undefined } }} />
        <Statistic title="未到截止" value={c.pending} />
      </Space>
      <div style={{ display: 'grid', gridTemplateColumns: mobile ? '1fr' : '90px 1fr', gap: '4px 12px', alignItems: 'center', marginBottom: 12 }}>
        <Typography.Text>全区已报送率</Typography.Text>
        <RateBar label="全区已报送率" rate={c.submittedRate} testId="district-submitted-rate" />
        <Typography.Text>全区按时率</Typography.Text>
        <RateBar label="全区按时率" rate={c.onTimeRate} color="#389e0d" testId="district-ontime-rate" />
      </div>
      <Table
        size="small"
        rowKey={(a) => a.areaId ?? a.areaName}
        pagination={false}
        dataSource={c.areas}
        data-testid="area-rates"
        // On a phone the counts give way to the two rates, so the table fits without scrolling.
        columns={[
          { title: '片区', dataIndex: 'areaName', width: mobile ? 80 : 110 },
          ...(mobile
            ? []
            : [
                { title: '应报', dataIndex: 'expected', width: 60 },
                { title: '已报', dataIndex: 'submitted', width: 60 },
                { title: '缺报', dataIndex: 'missing', width: 60 },
              ]),
          { title: '已报送率', key: 's', render: (_: unknown, a) => <RateBar label={`${a.areaName}已报送率`} rate={a.submittedRate} /> },
          { title: '按时率', key: 't', render: (_: unknown, a) => <RateBar label={`${a.areaName}按时率`} rate={a.onTimeRate} color="#389e0d" /> },
        ]}
      />
    </Card>
  );
}

function MissingUnits({ c }: { c: CompletenessT }) {
  return (
    <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>缺报单位（{c.missingUnits.length}）</h2>} data-testid="missing-units" style={{ height: '100%' }}>
      {c.missingUnits.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={c.pending ? '尚未到截止时间' : '没有缺报单位'} />
      ) : (
        <List
          size="small"
          dataSource={c.missingUnits}
          pagination={c.missingUnits.length > 8 ? { pageSize: 8, size: 'small' } : false}
          renderItem={(u) => (
            <List.Item data-testid="missing-unit">
              <div style={{ minWidth: 0 }}>
                <Typography.Text strong className="xa-wrap">
                  {u.unitName}
                </Typography.Text>
                {u.areaName && <Typography.Text type="secondary"> · {u.areaName}</Typography.Text>}
                <div>
                  <Typography.Text type="secondary">安全管理员：{u.safetyOfficer ?? '未登记'}</Typography.Text>
                  {u.phone && (
                    <a href={`tel:${u.phone}`} style={{ marginInlineStart: 8 }} aria-label={`拨打 ${u.unitName} ${u.safetyOfficer ?? ''} ${u.phone}`}>
                      <PhoneOutlined /> {u.phone}
                    </a>
                  )}
                </div>
              </div>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 报送管理 of one type: /reports/manage/:id */
export default function ReportTypePage() {
  const { id } = useParams();
  const me = useMe();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const today = todayIso();
  const { values, set, page, pageSize } = useUrlState(['period', 'areaId', 'teamId', 'state', 'q'] as const);
  const filter = { areaId: values.areaId, teamId: values.teamId };
  const type = useReportType(id);
  const periods = useReportPeriods(id, { from: dayjs().subtract(24, 'month').format('YYYY-MM-DD'), to: today });
  const started = (periods.data?.items ?? []).filter((p) => p.start <= today);
  const period: ReportPeriodT | undefined = started.find((p) => p.key === values.period) ?? started[started.length - 1];
  const idx = period ? started.indexOf(period) : -1;
  const recent = idx >= 0 ? started.slice(Math.max(0, idx - MATRIX_PERIODS + 1), idx + 1) : [];
  const c = useCompleteness(id, period?.key, filter);
  const matrix = useMatrix(id, recent.length ? { from: recent[0]!.key, to: recent[recent.length - 1]!.key } : null, filter);
  const bureauSide = me.unit.kind === 'bureau';
  const areas = useUnitsOfKind('area', bureauSide);
  const teams = useTeams(bureauSide || me.role === 'team_member');
  const [open, setOpen] = useState<string | null>(null);
  const [reopen, setReopen] = useState<ReopenTarget | null>(null);
  const [downloading, setDownloading] = useState<'xlsx' | 'docx' | null>(null);
  const t = type.data;
  const canRollup = can(me.role, 'report.export');
  const canReopen = !!t?.allowedActions.includes('reopen');

  const download = async (kind: 'xlsx' | 'docx') => {
    if (!t || !period) return;
    setDownloading(kind);
    try {
      const name = await downloadDocument(rollupPath(t.id, period.key, kind), `${t.name}-${period.label}${kind === 'xlsx' ? '汇总.xlsx' : '报送情况通报.docx'}`);
      void message.success(`已下载 ${name}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setDownloading(null);
    }
  };

  if (type.error) return <QueryError error={type.error} onRetry={() => void type.refetch()} />;
  if (!t) return <Skeleton active />;
  const dueGone = period ? period.dueDate < today : false;
  // What the reviewer acts on first: reports awaiting review, then the missing ones to chase.
  const q = (values.q ?? '').trim();
  const items = (c.data?.items ?? [])
    .filter((i) => (!values.state || i.state === values.state) && (!q || i.unitName.includes(q)))
    .sort((a, b) => ROW_ORDER[a.state] - ROW_ORDER[b.state] || a.unitName.localeCompare(b.unitName, 'zh-CN'));

  return (
    <div data-testid="report-type-page">
      <Link to="/reports/manage" style={{ display: 'inline-block', marginBottom: 8 }}>
        <LeftOutlined /> 报送管理
      </Link>
      <PageTitle
        title={t.name}
        sub={`${REPORT_SUBMITTER_LABELS[t.submitterKind]}报送 · ${t.ruleText}${t.lateAccepted ? '' : ' · 截止后锁定'}`}
        extra={
          canRollup && period ? (
            <>
              <Button icon={<FileExcelOutlined />} loading={downloading === 'xlsx'} onClick={() => void download('xlsx')} data-testid="rollup-xlsx">
                下载本期汇总 Excel
              </Button>
              <Button icon={<FileWordOutlined />} loading={downloading === 'docx'} onClick={() => void download('docx')} data-testid="rollup-docx">
                下载报送情况通报 Word
              </Button>
            </>
          ) : undefined
        }
      />
      {periods.error && <QueryError error={periods.error} onRetry={() => void periods.refetch()} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="xa-filters" style={{ marginBottom: 0 }}>
          <Select
            aria-label="期次"
            className="xa-filter-wide"
            style={{ width: 240 }}
            data-testid="period-picker"
            value={period?.key}
            loading={periods.isPending}
            onChange={(v: string) => set({ period: v })}
            options={[...started].reverse().map((p) => ({ value: p.key, label: `${p.label}（${p.dueDate} 截止）` }))}
            placeholder="期次"
          />
          {bureauSide && t.submitterKind === 'school' && (
            <Select
              aria-label="片区"
              style={{ width: 160 }}
              allowClear
              placeholder="全部片区"
              value={values.areaId}
              onChange={(v?: string) => set({ areaId: v })}
              options={(areas.data ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          )}
          {t.submitterKind === 'school' && (teams.data?.items.length ?? 0) > 0 && (
            <Select
              aria-label="督查组"
              style={{ width: 200 }}
              allowClear
              placeholder="全部督查组"
              value={values.teamId}
              onChange={(v?: string) => set({ teamId: v })}
              options={(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))}
            />
          )}
        </div>
      </Card>
      {c.error && <QueryError error={c.error} onRetry={() => void c.refetch()} />}
      {c.data ? (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={15}>
            <Rates c={c.data} />
          </Col>
          <Col xs={24} lg={9}>
            <MissingUnits c={c.data} />
          </Col>
        </Row>
      ) : (
        period && <Skeleton active />
      )}
      <div style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {period ? `${period.label}报送与审核` : '本期报送与审核'}
        </Typography.Title>
        <ResponsiveList<CompletenessItemT>
          rows={items.slice((page - 1) * pageSize, page * pageSize)}
          // Paged here from the one answer, with the page kept in the address like the server-paged lists.
          paging={{ page, pageSize, total: items.length, set }}
          filters={
            <>
              <Input.Search className="xa-filter-wide" style={{ width: 240 }} aria-label="单位名称" placeholder="单位名称" allowClear defaultValue={values.q} onSearch={(v) => set({ q: v })} data-testid="period-search" />
              <Select
                aria-label="状态"
                style={{ width: 160 }}
                allowClear
                placeholder="全部状态"
                value={values.state}
                onChange={(v?: string) => set({ state: v })}
                options={REPORT_STATES.map((k) => ({ value: k, label: `${STATE_TEXT[k]}${c.data ? `（${c.data.counts[k]}）` : ''}` }))}
                data-testid="period-state-filter"
              />
            </>
          }
          rowKey="unitId"
          rowTestId="period-row"
          rowProps={(r) => ({ 'data-unit': r.unitName, 'data-state': r.state }) as never}
          loading={c.isPending && !!period}
          empty="本期没有应报单位"
          unit="个单位"
          columns={[
            { title: '单位', dataIndex: 'unitName' },
            { title: '片区', dataIndex: 'areaName', width: 110, render: (v: string | null) => v ?? '—' },
            { title: '状态', dataIndex: 'state', width: 110, render: (_: unknown, r) => <StateTag state={r.state} /> },
            { title: '首次报送', dataIndex: 'submittedAt', width: 150, render: (v: string | null) => fmtTime(v) },
            { title: '按时', dataIndex: 'onTime', width: 70, render: (v: boolean | null) => (v === null ? '—' : v ? '按时' : <Tag color="orange">逾期</Tag>) },
            {
              title: '操作',
              key: 'a',
              width: 180,
              render: (_: unknown, r) => rowActions(r),
            },
          ]}
          card={(r) => (
            <div>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong className="xa-wrap">
                  {r.unitName}
                </Typography.Text>
                <StateTag state={r.state} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {[r.areaName, r.submittedAt ? `报送 ${fmtTime(r.submittedAt)}` : null].filter(Boolean).join(' · ')}
              </Typography.Text>
              {hasActions(r) && <div style={{ marginTop: 6 }}>{rowActions(r)}</div>}
            </div>
          )}
        />
      </div>
      <Card size="small" title={<h2 style={{ fontSize: 15, margin: 0 }}>报送矩阵（近 {recent.length} 期）</h2>} extra={mobile ? undefined : <Typography.Text type="secondary">点击已报送的格子查看</Typography.Text>}>
        {matrix.error ? <QueryError error={matrix.error} onRetry={() => void matrix.refetch()} /> : null}
        <CompletenessMatrix matrix={matrix.data} loading={matrix.isPending && recent.length > 0} onOpen={setOpen} />
      </Card>
      <ReviewDrawer submissionId={open} onClose={() => setOpen(null)} />
      <ReopenModal target={reopen} onClose={() => setReopen(null)} />
    </div>
  );

  function opensSubmission(r: CompletenessItemT) {
    return !!r.submissionId && r.state !== 'missing' && r.state !== 'draft' && r.state !== 'not_started';
  }
  function hasActions(r: CompletenessItemT) {
    return opensSubmission(r) || (canReopen && dueGone && (r.state === 'missing' || r.state === 'returned')) || (r.state === 'missing' && !!r.phone);
  }
  function rowActions(r: CompletenessItemT) {
    const reviewable = r.state === 'submitted' || r.state === 'late';
    const lockedOut = canReopen && dueGone && (r.state === 'missing' || r.state === 'returned');
    return (
      <Space size={4} wrap>
        {opensSubmission(r) && (
          <Button size="small" type={reviewable ? 'primary' : 'default'} onClick={() => setOpen(r.submissionId)} data-testid="period-row-open">
            {reviewable ? '审核' : '查看'}
          </Button>
        )}
        {lockedOut && period && (
          <Button size="small" onClick={() => setReopen({ typeId: t!.id, period: period.key, periodLabel: period.label, unitId: r.unitId, unitName: r.unitName })} aria-label={`为 ${r.unitName} 重新开放`} data-testid="period-row-reopen">
            重新开放
          </Button>
        )}
        {r.state === 'missing' && r.phone && (
          <a href={`tel:${r.phone}`} aria-label={`拨打 ${r.unitName} ${r.safetyOfficer ?? ''} ${r.phone}`}>
            <PhoneOutlined /> {r.safetyOfficer ?? r.phone}
          </a>
        )}
      </Space>
    );
  }
}

