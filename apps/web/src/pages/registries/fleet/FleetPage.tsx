import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, App, Button, Input, Modal, Select, Space, Tabs, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { can } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { errorMessage } from '../../../api/client';
import { fleetExportUrl, useFleetList, vehicleImport, vehicleLabelsUrl, type AttendantSummaryT, type BusRouteSummaryT, type DriverSummaryT, type FleetKind, type VehicleSummaryT } from '../../../api/fleet';
import type { VehicleImportResult } from '@xiaoan/contracts';
import { PageTitle } from '../../../components/common';
import { ResponsiveList } from '../../../components/ResponsiveList';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { useUrlState } from '../../../lib/useUrlState';
import { AttendantFormDrawer, DriverFormDrawer, RouteFormDrawer, VehicleFormDrawer } from './FleetForms';
import { DocumentTag, DriverStatusTag, RouteStatusTag, VehicleStatusTag } from './fleetUi';

/*
 * 校车台账 (/registries/fleet): the school's buses, drivers, attendants and routes, one tab each;
 * the bureau and teams see their schools' (filter by area or school). A bus with an expired
 * document shows 停运 and cannot be put on a route; the school admin registers and edits,
 * exports the workbook, imports buses from Excel and prints the QR labels.
 */

const TABS: { key: FleetKind; label: string }[] = [
  { key: 'vehicles', label: '校车' },
  { key: 'drivers', label: '驾驶人' },
  { key: 'attendants', label: '随车照管人员' },
  { key: 'bus-routes', label: '线路' },
];

const STATUS_OPTIONS: Partial<Record<FleetKind, { value: string; label: string }[]>> = {
  vehicles: [
    { value: 'out_of_service', label: '停运（证件过期）' },
    { value: 'expiring', label: '证件 30 天内到期' },
    { value: 'in_service', label: '正常运营' },
  ],
  drivers: [
    { value: 'unfit', label: '不得驾驶' },
    { value: 'expiring', label: '证件 30 天内到期' },
    { value: 'fit', label: '可驾驶' },
  ],
  'bus-routes': [
    { value: 'blocked', label: '停运' },
    { value: 'incomplete', label: '未配齐' },
    { value: 'ready', label: '正常' },
  ],
};

const schoolSide = (kind: string) => kind === 'school' || kind === 'campus';

function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<VehicleImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = () => {
    const fd = new FormData();
    fd.append('file', file!);
    return fd;
  };
  const run = async (commit: boolean) => {
    setError(null);
    try {
      const r = commit ? await vehicleImport.commit(form()) : await vehicleImport.preview(form());
      setPreview(r);
      if (commit && !r.dryRun) {
        void message.success(`已导入：新增 ${r.created} 辆，更新 ${r.updated} 辆`);
        onClose();
      }
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Modal open={open} onCancel={onClose} title="从 Excel 导入校车" footer={null} destroyOnHidden>
      <Typography.Paragraph type="secondary">表头同导出的“校车”工作表：车牌号、核载人数、运营单位、校车使用许可证号、许可发放日期、许可有效期至、年检有效期至、保险有效期至等。先预览，无误后再导入；任何一行有问题都不会写入。</Typography.Paragraph>
      <Upload accept=".xlsx" maxCount={1} beforeUpload={(f) => { setFile(f); setPreview(null); return false; }} onRemove={() => setFile(null)}>
        <Button>选择文件</Button>
      </Upload>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {preview && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text>共 {preview.rows.length} 行：新增 {preview.created}，更新 {preview.updated}，有问题 {preview.errors} 行</Typography.Text>
          {preview.rows.filter((r) => r.errors.length > 0).map((r) => (
            <Alert key={r.row} type="warning" style={{ marginTop: 6 }} title={`第 ${r.row} 行 ${r.plate}：${r.errors.join('；')}`} />
          ))}
        </div>
      )}
      <Space style={{ marginTop: 12 }}>
        <Button disabled={!file} onClick={() => void run(false)}>预览</Button>
        <Button type="primary" disabled={!preview || preview.errors > 0} onClick={() => void run(true)}>导入</Button>
      </Space>
    </Modal>
  );
}

function FleetList({ kind, manage }: { kind: FleetKind; manage: boolean }) {
  const navigate = useNavigate();
  const me = useMe();
  const { values, page, pageSize, set } = useUrlState(['unitId', 'q', 'status'] as const);
  const filter = { unitId: values.unitId, q: values.q, status: STATUS_OPTIONS[kind] ? values.status : undefined };
  const q = useFleetList(kind, filter, page, pageSize);
  const [editing, setEditing] = useState<'new' | null>(null);
  const rows = (q.data?.items ?? []) as (VehicleSummaryT | DriverSummaryT | AttendantSummaryT | BusRouteSummaryT)[];
  const showSchool = !schoolSide(me.unit.kind);
  const school = { title: '学校', render: (_: unknown, r: { schoolName: string }) => r.schoolName, width: 160 };
  const filters = (
    <>
      {showSchool && <UnitTreeSelect style={{ width: 220 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
      <Input.Search allowClear placeholder={kind === 'vehicles' ? '车牌、运营单位' : kind === 'bus-routes' ? '线路、站点' : '姓名'} aria-label="搜索" style={{ width: 200 }} defaultValue={values.q} onSearch={(v) => set({ q: v.trim() || undefined })} />
      {STATUS_OPTIONS[kind] && <Select allowClear placeholder="状态" aria-label="状态" style={{ width: 180 }} value={values.status} onChange={(v: string | undefined) => set({ status: v })} options={STATUS_OPTIONS[kind]} data-testid="fleet-status-filter" />}
      {manage && (
        <Button type="primary" onClick={() => setEditing('new')} data-testid={`fleet-new-${kind}`}>
          {kind === 'vehicles' ? '登记校车' : kind === 'drivers' ? '登记驾驶人' : kind === 'attendants' ? '登记照管员' : '新增线路'}
        </Button>
      )}
    </>
  );
  const common = { loading: q.isPending, error: q.error, onRetry: () => void q.refetch(), paging: { page, pageSize, total: q.data?.total ?? 0, set }, filters };
  const drawer =
    kind === 'vehicles' ? <VehicleFormDrawer open={editing === 'new'} record={null} onClose={() => setEditing(null)} />
    : kind === 'drivers' ? <DriverFormDrawer open={editing === 'new'} record={null} onClose={() => setEditing(null)} />
    : kind === 'attendants' ? <AttendantFormDrawer open={editing === 'new'} record={null} onClose={() => setEditing(null)} />
    : <RouteFormDrawer open={editing === 'new'} record={null} onClose={() => setEditing(null)} />;

  if (kind === 'vehicles') {
    const open = (v: VehicleSummaryT) => `/registries/fleet/vehicles/${v.id}`;
    const columns: TableColumnsType<VehicleSummaryT> = [
      { title: '车牌号', render: (_, v) => <Link to={open(v)} data-testid="vehicle-link">{v.plate}</Link>, width: 120 },
      ...(showSchool ? [school] : []),
      { title: '核载', width: 70, render: (_, v) => `${v.seats} 人` },
      { title: '状态', width: 150, render: (_, v) => <VehicleStatusTag status={v.status} /> },
      { title: '证件', render: (_, v) => v.documents.filter((x) => x.state !== 'valid').map((x) => <DocumentTag key={x.document} doc={x} />) },
      { title: '线路', width: 140, render: (_, v) => v.routes.map((r) => r.name).join('、') || '—' },
    ];
    return (
      <>
        <ResponsiveList<VehicleSummaryT>
          {...common}
          rows={rows as VehicleSummaryT[]}
          columns={columns}
          rowTestId="vehicle-row"
          unit="辆"
          empty="没有校车"
          onCardClick={(v) => void navigate(open(v))}
          card={(v) => (
            <div style={{ minWidth: 0 }}>
              <Space wrap>
                <Typography.Text strong>{v.plate}</Typography.Text>
                <VehicleStatusTag status={v.status} />
              </Space>
              {showSchool && <div style={{ fontSize: 13 }}>{v.schoolName}</div>}
              <div style={{ fontSize: 13 }}>核载 {v.seats} 人 · {v.routes.map((r) => r.name).join('、') || '未安排线路'}</div>
              <div>{v.documents.filter((x) => x.state !== 'valid').map((x) => <DocumentTag key={x.document} doc={x} />)}</div>
            </div>
          )}
        />
        {drawer}
      </>
    );
  }
  if (kind === 'drivers') {
    const open = (x: DriverSummaryT) => `/registries/fleet/drivers/${x.id}`;
    const columns: TableColumnsType<DriverSummaryT> = [
      { title: '姓名', width: 100, render: (_, x) => <Link to={open(x)}>{x.name}</Link> },
      ...(showSchool ? [school] : []),
      { title: '准驾', width: 60, dataIndex: 'licenceClass' },
      { title: '状态', width: 150, render: (_, x) => <DriverStatusTag status={x.status} /> },
      { title: '证件', render: (_, x) => x.documents.map((d) => <DocumentTag key={d.document} doc={d} />) },
      { title: '线路', width: 140, render: (_, x) => x.routes.map((r) => r.name).join('、') || '—' },
    ];
    return (
      <>
        <ResponsiveList<DriverSummaryT>
          {...common}
          rows={rows as DriverSummaryT[]}
          columns={columns}
          rowTestId="driver-row"
          unit="人"
          empty="没有驾驶人"
          onCardClick={(x) => void navigate(open(x))}
          card={(x) => (
            <div style={{ minWidth: 0 }}>
              <Space wrap><Typography.Text strong>{x.name}</Typography.Text><DriverStatusTag status={x.status} /></Space>
              {showSchool && <div style={{ fontSize: 13 }}>{x.schoolName}</div>}
              <div>{x.documents.map((d) => <DocumentTag key={d.document} doc={d} />)}</div>
            </div>
          )}
        />
        {drawer}
      </>
    );
  }
  if (kind === 'attendants') {
    const columns: TableColumnsType<AttendantSummaryT> = [
      { title: '姓名', width: 100, dataIndex: 'name' },
      ...(showSchool ? [school] : []),
      { title: '身份证号', width: 190, dataIndex: 'idNumberMasked' },
      { title: '联系电话', width: 130, dataIndex: 'phone' },
      { title: '最近培训', width: 110, render: (_, x) => x.trainedOn ?? '—' },
      { title: '线路', render: (_, x) => x.routes.map((r) => r.name).join('、') || '—' },
    ];
    return (
      <>
        <ResponsiveList<AttendantSummaryT>
          {...common}
          rows={rows as AttendantSummaryT[]}
          columns={columns}
          rowTestId="attendant-row"
          unit="人"
          empty="没有随车照管人员"
          card={(x) => (
            <div style={{ minWidth: 0 }}>
              <Typography.Text strong>{x.name}</Typography.Text> <Typography.Text type="secondary">{x.phone}</Typography.Text>
              {showSchool && <div style={{ fontSize: 13 }}>{x.schoolName}</div>}
              <div style={{ fontSize: 13 }}>线路：{x.routes.map((r) => r.name).join('、') || '—'}；培训：{x.trainedOn ?? '—'}</div>
            </div>
          )}
        />
        {drawer}
      </>
    );
  }
  const columns: TableColumnsType<BusRouteSummaryT> = [
    { title: '线路', width: 130, dataIndex: 'name' },
    ...(showSchool ? [school] : []),
    { title: '站点', render: (_, r) => r.stops.map((s) => `${s.name} ${s.time}`).join(' → ') },
    { title: '车辆', width: 110, render: (_, r) => (r.vehicle ? <Link to={`/registries/fleet/vehicles/${r.vehicle.id}`}>{r.vehicle.plate}</Link> : '—') },
    { title: '驾驶人 / 照管员', width: 140, render: (_, r) => `${r.driver?.name ?? '—'} / ${r.attendant?.name ?? '—'}` },
    { title: '状态', width: 170, render: (_, r) => <RouteStatusTag status={r.status} /> },
  ];
  return (
    <>
      <ResponsiveList<BusRouteSummaryT>
        {...common}
        rows={rows as BusRouteSummaryT[]}
        columns={columns}
        rowTestId="route-row"
        unit="条"
        empty="没有线路"
        card={(r) => (
          <div style={{ minWidth: 0 }}>
            <Space wrap><Typography.Text strong>{r.name}</Typography.Text><RouteStatusTag status={r.status} /></Space>
            {showSchool && <div style={{ fontSize: 13 }}>{r.schoolName}</div>}
            <div style={{ fontSize: 13, overflowWrap: 'anywhere' }}>{r.stops.map((s) => `${s.name} ${s.time}`).join(' → ')}</div>
            <div style={{ fontSize: 13 }}>{r.vehicle?.plate ?? '未派车'} · {r.driver?.name ?? '无驾驶人'} · {r.attendant?.name ?? '无照管员'}</div>
          </div>
        )}
      />
      {drawer}
    </>
  );
}

export default function FleetPage() {
  const me = useMe();
  const { values, set } = useUrlState(['tab', 'status', 'q'] as const);
  const [importing, setImporting] = useState(false);
  const tab = (TABS.find((t) => t.key === values.tab)?.key ?? 'vehicles') as FleetKind;
  const manage = can(me.role, 'registry.manage');
  const mine = schoolSide(me.unit.kind);
  return (
    <div data-testid="fleet-page">
      <PageTitle
        title="校车台账"
        sub="校车（校车使用许可、年检、保险）、驾驶人、随车照管人员与线路；任一证件过期的校车即停运，不能安排线路，并自动上报隐患"
        extra={
          mine && (
            <Space wrap>
              <Button href={fleetExportUrl()} data-testid="fleet-export">导出 Excel</Button>
              <Button href={vehicleLabelsUrl()} target="_blank" data-testid="fleet-labels">打印二维码标签</Button>
              {manage && <Button onClick={() => setImporting(true)}>导入校车</Button>}
            </Space>
          )
        }
      />
      <Tabs activeKey={tab} onChange={(k) => set({ tab: k === 'vehicles' ? undefined : k, status: undefined, q: undefined })} items={TABS.map((t) => ({ key: t.key, label: t.label }))} />
      <FleetList key={tab} kind={tab} manage={manage && mine} />
      <ImportModal open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
