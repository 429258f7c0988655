import { Button, Card, Col, Row, Statistic, Table, Typography } from 'antd';
import type { SiteCoverage } from '../../../api/site';
import { useSiteCoverage } from '../../../api/site';
import { QueryError } from '../../../components/common';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { useUrlState } from '../../../lib/useUrlState';
import { pct } from './siteUi';

type Row = SiteCoverage['children'][number];

/** 阳光食堂 coverage and this semester's drills for the unit chosen, by the unit below, with the schools that fail each. */
export function CoverageView() {
  const { values, set } = useUrlState(['unitId'] as const);
  const q = useSiteCoverage(values.unitId);
  const c = q.data;
  return (
    <div data-testid="site-coverage">
      <div style={{ marginBottom: 12 }}>
        <UnitTreeSelect style={{ width: 240 }} allow={['area', 'school']} allowClear placeholder="片区或学校（缺省为全部）" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />
      </div>
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {c && (
        <>
          <Typography.Paragraph type="secondary">{c.unit.name} · {c.semester.label}（{c.semester.from} 至 {c.semester.to}）</Typography.Paragraph>
          <Row gutter={[12, 12]}>
            <Col xs={12} md={6}><Card size="small"><Statistic title="阳光食堂覆盖率" value={pct(c.total.brightKitchenRate)} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="阳光食堂 / 有食堂" value={`${c.total.brightKitchens} / ${c.total.canteens}`} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="本学期演练覆盖率" value={pct(c.total.drillRate)} /></Card></Col>
            <Col xs={12} md={6}><Card size="small"><Statistic title="本学期演练次数" value={c.total.drills} /></Card></Col>
          </Row>
          <Table<Row>
            style={{ marginTop: 12 }}
            size="small"
            rowKey="unitId"
            pagination={false}
            scroll={{ x: 820 }}
            dataSource={c.children}
            columns={[
              { title: c.unit.kind === 'district' ? '片区' : '学校', dataIndex: 'name', width: 130, fixed: 'left', render: (v: string, r) => (r.kind === 'area' ? <Button type="link" size="small" style={{ padding: 0 }} onClick={() => set({ unitId: r.unitId })}>{v}</Button> : v) },
              { title: '学校数', dataIndex: 'schools', width: 80 },
              { title: '阳光食堂 / 有食堂', width: 140, render: (_, r) => `${r.brightKitchens} / ${r.canteens}` },
              { title: '阳光食堂覆盖率', width: 120, render: (_, r) => pct(r.brightKitchenRate) },
              { title: '已演练学校', width: 100, dataIndex: 'schoolsWithDrill' },
              { title: '演练次数', width: 90, dataIndex: 'drills' },
              { title: '演练覆盖率', width: 100, render: (_, r) => pct(r.drillRate) },
            ]}
          />
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={12}>
              <Card size="small" title={`本学期尚未演练（${c.withoutDrill.length} 所）`}>{c.withoutDrill.map((s) => s.name).join('、') || '无'}</Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={`有食堂未建成阳光食堂（${c.withoutBrightKitchen.length} 所）`}>{c.withoutBrightKitchen.map((s) => s.name).join('、') || '无'}</Card>
            </Col>
          </Row>
        </>
      )}
    </div>
  );
}
