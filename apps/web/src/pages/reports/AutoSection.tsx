import { Link } from 'react-router';
import { Descriptions, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { ReportSectionT } from '../../api/reports';
import { ResponsiveList } from '../../components/ResponsiveList';
import { pct, useScrollableTables } from './reportUi';

/*
 * The auto-filled sections (自动汇总表) as read-only tables. Their content is the server's
 * frozen JSON (the contract types it as unknown): read defensively, field by field, so a
 * section the server fills differently shows what it can instead of breaking the page.
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

const CATEGORY: Record<string, { text: string; color: string }> = {
  new: { text: '新增', color: 'blue' },
  rectifying: { text: '整改中', color: 'gold' },
  closed: { text: '已销号', color: 'green' },
  overdue: { text: '逾期', color: 'red' },
};

function HazardMonth({ c, testId }: { c: Obj; testId: string }) {
  const counts = obj(c.counts);
  const rows: (Obj & { key: string })[] = arr(c.rows).map((r, i) => ({ ...r, key: str(r.hazardId) || String(i) }));
  return (
    <div data-testid={testId}>
      <Space wrap size={[24, 8]} style={{ marginBottom: 12 }} data-testid="hazard-month-counts">
        <Statistic title="新增" value={num(counts.new)} />
        <Statistic title="整改中" value={num(counts.rectifying)} />
        <Statistic title="已销号" value={num(counts.closed)} />
        <Statistic title="逾期" value={num(counts.overdue)} styles={{ content: { color: num(counts.overdue) ? '#cf1322' : undefined } }} />
      </Space>
      {c.asOf ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          统计截至 {str(c.asOf)}
        </Typography.Paragraph>
      ) : null}
      <ResponsiveList<(typeof rows)[number]>
        rows={rows}
        rowKey="key"
        rowTestId="hazard-month-row"
        empty="本月没有隐患记录"
        unit="条"
        table={{ scroll: { x: 900 } }}
        columns={[
          { title: '隐患', dataIndex: 'title', render: (_: unknown, r) => (r.hazardId ? <Link to={`/hazards/${str(r.hazardId)}`}>{str(r.title)}</Link> : str(r.title)) },
          { title: '类别', dataIndex: 'domainLabel', width: 100, render: (v: unknown) => str(v) },
          { title: '等级', dataIndex: 'grade', width: 70, render: (v: unknown) => (v === 'major' ? <Tag color="red">重大</Tag> : '一般') },
          { title: '位置', dataIndex: 'location', width: 140, render: (v: unknown) => str(v) || '—' },
          { title: '责任人', dataIndex: 'owner', width: 100, render: (v: unknown) => str(v) || '—' },
          { title: '发现日期', dataIndex: 'foundAt', width: 110, render: (v: unknown) => str(v).slice(0, 10) },
          { title: '整改时限', dataIndex: 'dueDate', width: 110, render: (v: unknown) => str(v) || '—' },
          { title: '状态', dataIndex: 'stateLabel', width: 90, render: (v: unknown) => str(v) },
          { title: '分类', dataIndex: 'category', width: 80, render: (v: unknown) => <Tag color={CATEGORY[str(v)]?.color}>{CATEGORY[str(v)]?.text ?? str(v)}</Tag> },
        ]}
        card={(r) => (
          <div>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong className="xa-wrap">
                {str(r.title)}
              </Typography.Text>
              <Tag color={CATEGORY[str(r.category)]?.color} style={{ marginInlineEnd: 0 }}>
                {CATEGORY[str(r.category)]?.text ?? str(r.category)}
              </Tag>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {[str(r.domainLabel), str(r.location), str(r.stateLabel), r.dueDate ? `时限 ${str(r.dueDate)}` : ''].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
        )}
      />
    </div>
  );
}

function WeekChecks({ c, testId }: { c: Obj; testId: string }) {
  const week = obj(c.week);
  const failures = arr(c.failures).map((f, i) => ({ ...f, key: `${str(f.inspectionId)}-${i}` }));
  return (
    <div data-testid={testId}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label="周次">{week.start ? `${str(week.start)} 至 ${str(week.end)}` : str(week.key)}</Descriptions.Item>
        <Descriptions.Item label="应查">{num(c.owed)}</Descriptions.Item>
        <Descriptions.Item label="已查">{num(c.done)}</Descriptions.Item>
        <Descriptions.Item label="漏查">{num(c.missed)}</Descriptions.Item>
        <Descriptions.Item label="完成率">{pct(typeof c.rate === 'number' ? c.rate : null)}</Descriptions.Item>
        <Descriptions.Item label="不合格项">{num(c.failedItems)}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={failures}
        scroll={{ x: 560 }}
        locale={{ emptyText: '本周没有不合格项' }}
        columns={[
          { title: '日期', dataIndex: 'inspectedOn', width: 110, render: (v: unknown) => str(v) },
          { title: '点位', dataIndex: 'pointName', width: 140, render: (v: unknown) => str(v) || '—' },
          { title: '不合格项', dataIndex: 'itemText', render: (v: unknown) => str(v) },
          { title: '说明', dataIndex: 'note', render: (v: unknown) => str(v) || '—' },
        ]}
      />
    </div>
  );
}

function SummaryCounts({ c, testId }: { c: Obj; testId: string }) {
  const items: [string, string][] = [
    ['hazardsFound', '发现隐患'],
    ['majorHazards', '重大隐患'],
    ['hazardsClosed', '已销号'],
    ['hazardsOpen', '未销号'],
    ['hazardsOverdue', '逾期未改'],
    ['inspections', '检查次数'],
    ['failedItems', '不合格项'],
    ['visits', '督查次数'],
  ];
  return (
    <div data-testid={testId}>
      <Descriptions size="small" column={{ xs: 2, sm: 4 }} bordered>
        {items.map(([k, label]) => (
          <Descriptions.Item key={k} label={label}>
            {num(c[k])}
          </Descriptions.Item>
        ))}
      </Descriptions>
      {c.asOf ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          统计截至 {str(c.asOf)}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}

function VisitRound({ c, testId }: { c: Obj; testId: string }) {
  const visits = arr(c.visits).map((v, i) => ({ ...v, key: `${str(v.visitId)}-${i}` }));
  return (
    <div data-testid={testId}>
      <Space wrap size={24} style={{ marginBottom: 12 }}>
        <Statistic title="督查学校" value={num(c.schools)} />
        <Statistic title="发现问题" value={num(c.findings)} />
        <Statistic title="按期整改" value={num(c.rectifiedOnTime)} />
      </Space>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={visits}
        scroll={{ x: 520 }}
        locale={{ emptyText: '本期没有督查记录' }}
        columns={[
          { title: '学校', dataIndex: 'schoolName', render: (v: unknown) => str(v) },
          { title: '督查日期', dataIndex: 'visitedOn', width: 110, render: (v: unknown) => str(v) },
          { title: '发现问题', dataIndex: 'findings', width: 90, render: (v: unknown) => num(v) },
          { title: '按期整改', dataIndex: 'rectifiedOnTime', width: 90, render: (v: unknown) => num(v) },
          { title: '未销号', dataIndex: 'open', width: 80, render: (v: unknown) => num(v) },
        ]}
      />
    </div>
  );
}

/** One auto section's content: the table its source fills. */
export function AutoSection({ section, content }: { section: Extract<ReportSectionT, { kind: 'auto' }>; content: unknown }) {
  const c = obj(content);
  const testId = `auto-${section.key}`;
  const box = useScrollableTables(section.label);
  if (typeof c.note === 'string' && arr(c.rows).length === 0 && arr(c.visits).length === 0) {
    return <Typography.Text type="secondary">{c.note}</Typography.Text>;
  }
  return <div ref={box}>{body()}</div>;

  function body() {
    switch (section.source) {
      case 'hazard_month':
        return <HazardMonth c={c} testId={testId} />;
      case 'week_checks':
        return <WeekChecks c={c} testId={testId} />;
      case 'summary_counts':
        return <SummaryCounts c={c} testId={testId} />;
      case 'visit_round':
        return <VisitRound c={c} testId={testId} />;
      default:
        return <pre className="xa-pre">{JSON.stringify(content, null, 2)}</pre>;
    }
  }
}
