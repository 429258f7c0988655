import { Link } from 'react-router';
import { Card, Col, Progress, Row, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FOUR_100_CODES, FOUR_100_NAMES, type Four100Code } from '@xiaoan/domain';
import { useFour100, useFour100Breakdown, useSchoolSecurityList, type Four100BreakdownT, type Four100T, type SchoolSecurityT } from '../../api/guards';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { indicatorsLink, percent, schoolSecurityLink } from './four100Format';

const ID = /^[0-9]{1,18}$/;
type Indicator = Four100T['indicators'][number];
type Row = Four100BreakdownT['rows'][number];

/** One indicator: its rate, passing of schools, and the link that opens its failing schools. */
function IndicatorCard({ i, unitId, selected }: { i: Indicator; unitId?: string; selected: boolean }) {
  const failing = i.schools - i.passing;
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{i.name}</span>} data-testid="four100-card" data-code={i.code} data-rate={i.rate} style={selected ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Progress type="circle" size={76} percent={Math.round(i.rate * 1000) / 10} format={() => percent(i.rate)} status={i.rate >= 1 ? 'success' : 'normal'} strokeColor={i.rate >= 1 ? undefined : i.rate >= 0.9 ? '#d48806' : '#cf1322'} aria-label={`${i.name} ${percent(i.rate)}`} />
        <div style={{ minWidth: 0 }}>
          <div>
            达标 <Typography.Text strong data-testid="four100-passing">{i.passing}</Typography.Text> / {i.schools} 所
          </div>
          {failing > 0 ? (
            <Link to={indicatorsLink(unitId, i.code)} data-testid="four100-failing-link" aria-label={`${i.name}未达标 ${failing} 所，查看学校`}>
              <Typography.Text type="danger">未达标 {failing} 所 →</Typography.Text>
            </Link>
          ) : (
            <Tag color="green">全部达标</Tag>
          )}
        </div>
      </div>
    </Card>
  );
}

/** The schools failing one indicator, each with why, opening the school's security page. */
function FailingSchools({ unitId, code }: { unitId?: string; code: Four100Code }) {
  const q = useSchoolSecurityList({ unitId, failing: code });
  const rows = q.data?.items ?? [];
  const reason = (s: SchoolSecurityT) => s.indicators.find((x) => x.code === code)?.reason ?? '';
  const columns: TableColumnsType<SchoolSecurityT> = [
    { title: '学校', render: (_, s) => <Link to={schoolSecurityLink(s.schoolId)} data-testid="failing-school-link">{s.schoolName}</Link> },
    { title: '片区', dataIndex: 'areaName', width: 140 },
    { title: '未达标原因', render: (_, s) => <Typography.Text type="danger">{reason(s)}</Typography.Text> },
    { title: '保安员（合格 / 应配）', width: 170, render: (_, s) => `${s.guards.qualified} / ${s.profile?.requiredGuards ?? '—'}` },
  ];
  return (
    <Card size="small" title={`未达标学校 · ${FOUR_100_NAMES[code]}`} style={{ marginTop: 16 }} extra={<Link to={indicatorsLink(unitId)}>收起</Link>} data-testid="failing-schools">
      <ResponsiveList
        rows={rows}
        columns={columns}
        rowKey="schoolId"
        rowTestId="failing-school"
        loading={q.isPending}
        error={q.error}
        onRetry={() => void q.refetch()}
        empty="没有未达标的学校"
        unit="所"
        card={(s) => (
          <div style={{ minWidth: 0 }}>
            <Link to={schoolSecurityLink(s.schoolId)} data-testid="failing-school-link">
              <Typography.Text strong>{s.schoolName}</Typography.Text>
            </Link>
            <div style={{ fontSize: 13 }}>
              <Typography.Text type="danger">{reason(s)}</Typography.Text>
            </div>
          </div>
        )}
      />
    </Card>
  );
}

/** The unit's children (areas of a district, schools of an area or a team), each indicator's rate, drilling down. */
function Breakdown({ data, mobile }: { data: Four100BreakdownT; mobile: boolean }) {
  const open = (r: Row) => (r.unit.kind === 'school' ? schoolSecurityLink(r.unit.id) : r.unit.kind === 'area' ? indicatorsLink(r.unit.id) : null);
  const cell = (r: Row, code: Four100Code) => {
    const x = r.indicators.find((i) => i.code === code)!;
    return (
      <span data-testid="breakdown-cell" data-code={code}>
        <Typography.Text type={x.rate < 1 ? 'danger' : undefined} strong={x.rate < 1}>
          {percent(x.rate)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {' '}
          ({x.passing}/{r.schools})
        </Typography.Text>
      </span>
    );
  };
  const columns: TableColumnsType<Row> = [
    {
      title: data.rows[0]?.unit.kind === 'school' ? '学校' : '片区',
      render: (_, r) => {
        const to = open(r);
        return to ? <Link to={to} data-testid="breakdown-link">{r.unit.name}</Link> : r.unit.name;
      },
    },
    { title: '学校数', dataIndex: 'schools', width: 80 },
    ...FOUR_100_CODES.map((code) => ({ title: FOUR_100_NAMES[code], key: code, render: (_: unknown, r: Row) => cell(r, code) })),
  ];
  return (
    <Card size="small" title={data.rows[0]?.unit.kind === 'school' ? '各校情况' : '各片区情况'} style={{ marginTop: 16 }}>
      <ResponsiveList
        rows={data.rows}
        columns={columns}
        rowKey={(r) => `${r.unit.kind}-${r.unit.id}`}
        rowTestId="breakdown-row"
        empty="范围内没有学校"
        localPageSize={100}
        unit={data.rows[0]?.unit.kind === 'school' ? '所' : '个'}
        table={mobile ? undefined : { size: 'small' }}
        card={(r) => {
          const to = open(r);
          return (
            <div style={{ minWidth: 0 }}>
              {to ? (
                <Link to={to} data-testid="breakdown-link">
                  <Typography.Text strong>{r.unit.name}</Typography.Text>
                </Link>
              ) : (
                <Typography.Text strong>{r.unit.name}</Typography.Text>
              )}
              <Typography.Text type="secondary"> · {r.schools} 所</Typography.Text>
              {FOUR_100_CODES.map((code) => (
                <div key={code} style={{ fontSize: 13, display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <span>{FOUR_100_NAMES[code]}</span>
                  {cell(r, code)}
                </div>
              ))}
            </div>
          );
        }}
      />
    </Card>
  );
}

/**
 * 四个100%: the unit's four indicators (`?unitId=` a district, area or school; default the whole
 * scope), the failing schools of one (`?code=`), and the breakdown by area or school.
 */
export default function IndicatorsPage() {
  const mobile = useIsMobile();
  const { values } = useUrlState(['unitId', 'code'] as const);
  const unitId = values.unitId && ID.test(values.unitId) ? values.unitId : undefined;
  const code = (FOUR_100_CODES as readonly string[]).includes(values.code ?? '') ? (values.code as Four100Code) : undefined;
  const q = useFour100(unitId);
  const data = q.data;
  const kind = data?.unit.kind;
  const b = useFour100Breakdown(unitId, !!kind && kind !== 'school');
  const schools = data?.indicators[0]?.schools ?? 0;
  return (
    <div data-testid="indicators-page">
      {unitId && <BackLink to="/indicators">返回全部范围</BackLink>}
      <PageTitle title={data ? `四个100% · ${data.unit.name}` : '四个100%'} sub={`专职保安员配备率、学校封闭化管理率、一键式紧急报警和视频监控系统达标率、护学岗配备率；${data ? `${schools} 所学校，` : ''}由保安员台账和各校填报的安防情况计算`} />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <Row gutter={[12, 12]}>
        {(data?.indicators ?? []).map((i) => (
          <Col key={i.code} xs={24} sm={12} xl={6}>
            <IndicatorCard i={i} unitId={unitId} selected={i.code === code} />
          </Col>
        ))}
      </Row>
      {code && <FailingSchools unitId={unitId} code={code} />}
      {b.data && kind !== 'school' && <Breakdown data={b.data} mobile={mobile} />}
      {kind === 'school' && data && (
        <div style={{ marginTop: 16 }}>
          <Link to={schoolSecurityLink(data.unit.id)}>查看本校安防情况与保安员台账 →</Link>
        </div>
      )}
      {b.isError && <QueryError error={b.error} onRetry={() => void b.refetch()} />}
      {!data && q.isPending && <Table loading columns={[]} dataSource={[]} />}
    </div>
  );
}
