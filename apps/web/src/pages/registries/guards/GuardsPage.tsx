import { Link, useNavigate } from 'react-router';
import { Button, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMe } from '../../../auth/session';
import { guardExportUrl, useSchoolSecurityList, type SchoolSecurityT } from '../../../api/guards';
import { PageTitle } from '../../../components/common';
import { ResponsiveList } from '../../../components/ResponsiveList';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { useUrlState } from '../../../lib/useUrlState';
import { schoolSecurityLink } from '../../indicators/four100Format';
import { SchoolSecurityView } from './SchoolSecurityView';

const isSchoolSide = (kind: string) => kind === 'school' || kind === 'campus';

/** The bureau's and teams' view: every school's guards present vs required, certificates expiring, and which of the four indicators it fails. */
function Overview() {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(['unitId', 'failing'] as const);
  const q = useSchoolSecurityList({ unitId: values.unitId, failing: values.failing });
  const all = q.data?.items ?? [];
  const rows = all.slice((page - 1) * pageSize, page * pageSize);
  const fails = (s: SchoolSecurityT) => s.indicators.filter((i) => !i.passing);
  const columns: TableColumnsType<SchoolSecurityT> = [
    { title: '学校', render: (_, s) => <Link to={schoolSecurityLink(s.schoolId)} data-testid="security-school">{s.schoolName}</Link> },
    { title: '片区', dataIndex: 'areaName', width: 110 },
    { title: '专职保安员（合格/应配）', width: 170, render: (_, s) => (<span>{s.guards.qualified} / {s.profile?.requiredGuards ?? '—'}{s.guards.short > 0 && <Tag color="red" style={{ marginLeft: 6 }}>缺 {s.guards.short}</Tag>}</span>) },
    { title: '证件到期', width: 150, render: (_, s) => (<>{s.guards.expired > 0 && <Tag color="red">过期 {s.guards.expired}</Tag>}{s.guards.expiring > 0 && <Tag color="orange">将到期 {s.guards.expiring}</Tag>}</>) },
    { title: '四个100%', render: (_, s) => (fails(s).length === 0 ? <Tag color="green">全部达标</Tag> : fails(s).map((i) => <Tag key={i.code} color="red" title={i.reason ?? ''}>{i.name.replace('率', '')}</Tag>)) },
  ];
  return (
    <ResponsiveList
      rows={rows}
      columns={columns}
      rowKey="schoolId"
      rowTestId="security-row"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty="范围内没有学校"
      unit="所"
      paging={{ page, pageSize, total: all.length, set }}
      onCardClick={(s) => void navigate(schoolSecurityLink(s.schoolId))}
      filters={
        <>
          <UnitTreeSelect style={{ width: 240 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />
          <Select
            allowClear
            placeholder="未达标项"
            aria-label="未达标项"
            style={{ width: 240 }}
            value={values.failing}
            onChange={(v: string | undefined) => set({ failing: v })}
            options={[
              { value: 'full_time_guards', label: '专职保安员未配齐' },
              { value: 'closed_campus', label: '未封闭化管理' },
              { value: 'alarm_video', label: '报警或视频未联网' },
              { value: 'escort_posts', label: '护学岗未配齐' },
            ]}
          />
          <Button href={guardExportUrl({ unitId: values.unitId })}>导出保安员台账</Button>
          <Button href={guardExportUrl({ unitId: values.unitId, certificate: 'expired' })}>导出证件已过期</Button>
        </>
      }
      card={(s) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{s.schoolName}</Typography.Text>
          <div style={{ fontSize: 13 }}>
            专职保安员 {s.guards.qualified} / {s.profile?.requiredGuards ?? '—'}
            {s.guards.expired > 0 && <Tag color="red" style={{ marginLeft: 6 }}>过期 {s.guards.expired}</Tag>}
          </div>
          <div style={{ fontSize: 13 }}>{fails(s).length === 0 ? '四个100%全部达标' : `未达标：${fails(s).map((i) => i.name).join('、')}`}</div>
        </div>
      )}
    />
  );
}

/** 保安员台账: a school's own profile and guards; for the bureau and teams, every school's figures, drilling into one. */
export default function GuardsPage() {
  const me = useMe();
  if (isSchoolSide(me.unit.kind)) {
    return (
      <div data-testid="guards-page">
        <PageTitle title="保安员台账" sub="保安员实名信息、保安员证、背景审查与年审；本校安防情况（封闭化管理、一键报警、视频联网、护学岗）" extra={<Link to="/indicators">四个100%</Link>} />
        <SchoolSecurityView schoolId={me.unit.id} />
      </div>
    );
  }
  return (
    <div data-testid="guards-page">
      <PageTitle title="保安员台账与学校安防" sub="各校专职保安员配备、证件到期与四个100%达标情况；点学校查看其安防情况和保安员" extra={<Link to="/indicators">四个100%</Link>} />
      <Overview />
    </div>
  );
}
