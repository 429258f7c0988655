import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Checkbox, Input, Select, Space, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { TableColumnsType } from 'antd';
import { CHEMICAL_CLASSES, CHEMICAL_CLASS_LABELS, CHEMICAL_MOVEMENT_KINDS, CHEMICAL_MOVEMENT_KIND_LABELS, CHEMICAL_STORE_KIND_LABELS, can, formatQuantity, type ChemicalClass, type ChemicalMovementKind } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { chemicalExportUrl, useChemicalMovements, useChemicalStores, useChemicals, type ChemicalMovementT, type ChemicalStoreSummaryT, type ChemicalSummaryT } from '../../../api/chemicals';
import { PageTitle } from '../../../components/common';
import { ResponsiveList } from '../../../components/ResponsiveList';
import { UnitTreeSelect } from '../../../components/UnitTreeSelect';
import { useUrlState } from '../../../lib/useUrlState';
import { ChemicalFormDrawer, StoreFormDrawer } from './ChemicalForms';
import { ChemicalImportDrawer } from './ChemicalImport';
import { ChemicalClassTag, MovementKindTag, isSchoolSide, movementPeople, signedQuantity } from './chemicalUi';

const storePath = (id: string) => `/registries/chemicals/stores/${id}`;

function StoresTab({ school }: { school: boolean }) {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(['unitId', 'q', 'mismatch'] as const);
  const q = useChemicalStores({ unitId: values.unitId, q: values.q, mismatch: values.mismatch === 'true', page, pageSize });
  const counted = (s: ChemicalStoreSummaryT) =>
    s.lastCountOn ? (
      <span>
        {s.lastCountOn} {s.lastCountMismatches ? <Tag color="red">账实不符 {s.lastCountMismatches} 种</Tag> : <Tag color="green">账实相符</Tag>}
      </span>
    ) : (
      <Typography.Text type="secondary">尚未盘点</Typography.Text>
    );
  const columns: TableColumnsType<ChemicalStoreSummaryT> = [
    ...(school ? [] : [{ title: '学校', width: 160, render: (_: unknown, s: ChemicalStoreSummaryT) => s.schoolName }]),
    { title: '名称', render: (_, s) => <Link to={storePath(s.id)} data-testid="store-link">{s.name}</Link> },
    { title: '类型', width: 110, render: (_, s) => CHEMICAL_STORE_KIND_LABELS[s.kind] },
    { title: '位置', width: 140, dataIndex: 'location' },
    { title: '双人双锁保管人', width: 150, render: (_, s) => `${s.holderA}、${s.holderB}` },
    { title: '库存种数', width: 90, render: (_, s) => (<>{s.chemicals}{s.controlled && <Tag color="red" style={{ marginLeft: 6 }}>管制类</Tag>}</>) },
    { title: '最近盘点', width: 210, render: (_, s) => counted(s) },
  ];
  return (
    <ResponsiveList
      rows={q.data?.items ?? []}
      columns={columns}
      rowKey="id"
      rowTestId="store-row"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty={school ? '尚未登记危化品库房或危化品柜' : '范围内没有危化品库房（柜）'}
      unit="个"
      paging={{ page, pageSize, total: q.data?.total ?? 0, set }}
      onCardClick={(s) => void navigate(storePath(s.id))}
      filters={
        <>
          {!school && <UnitTreeSelect style={{ width: 220 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
          <Input.Search allowClear placeholder="名称、位置、保管人" aria-label="搜索库房" style={{ width: 200 }} defaultValue={values.q} onSearch={(v) => set({ q: v.trim() || undefined })} />
          <Checkbox checked={values.mismatch === 'true'} onChange={(e) => set({ mismatch: e.target.checked ? 'true' : undefined })} data-testid="filter-mismatch">
            只看账实不符
          </Checkbox>
        </>
      }
      card={(s) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{s.name}</Typography.Text>
          {!school && <div style={{ fontSize: 13 }}>{s.schoolName}</div>}
          <div style={{ fontSize: 13 }}>
            {CHEMICAL_STORE_KIND_LABELS[s.kind]}
            {s.location ? ` · ${s.location}` : ''} · 保管人 {s.holderA}、{s.holderB}
          </div>
          <div style={{ fontSize: 13 }}>
            库存 {s.chemicals} 种 · 盘点 {counted(s)}
          </div>
        </div>
      )}
    />
  );
}

function ChemicalsTab({ school }: { school: boolean }) {
  const navigate = useNavigate();
  const { values, page, pageSize, set } = useUrlState(['unitId', 'q', 'chemicalClass'] as const);
  const q = useChemicals({ unitId: values.unitId, q: values.q, chemicalClass: values.chemicalClass as ChemicalClass | undefined, page, pageSize });
  const columns: TableColumnsType<ChemicalSummaryT> = [
    ...(school ? [] : [{ title: '学校', width: 160, render: (_: unknown, c: ChemicalSummaryT) => c.schoolName }]),
    { title: '名称', render: (_, c) => <Link to={`/registries/chemicals/${c.id}`}>{c.name}</Link> },
    { title: 'CAS 号', width: 120, dataIndex: 'casNo' },
    { title: '类别', width: 110, render: (_, c) => <ChemicalClassTag value={c.chemicalClass} /> },
    { title: '账面库存', width: 130, render: (_, c) => formatQuantity(c.balance, c.unit) },
    { title: '存放', render: (_, c) => c.stock.map((s) => `${s.storeName} ${formatQuantity(s.quantity, c.unit)}`).join('；') || '—' },
  ];
  return (
    <ResponsiveList
      rows={q.data?.items ?? []}
      columns={columns}
      rowKey="id"
      rowTestId="chemical-row"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty="目录中没有危化品"
      unit="种"
      paging={{ page, pageSize, total: q.data?.total ?? 0, set }}
      onCardClick={(c) => void navigate(`/registries/chemicals/${c.id}`)}
      filters={
        <>
          {!school && <UnitTreeSelect style={{ width: 220 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
          <Select allowClear placeholder="类别" aria-label="类别" style={{ width: 140 }} value={values.chemicalClass} onChange={(v: string | undefined) => set({ chemicalClass: v })} options={CHEMICAL_CLASSES.map((c) => ({ value: c, label: CHEMICAL_CLASS_LABELS[c] }))} />
          <Input.Search allowClear placeholder="名称、CAS 号" aria-label="搜索危化品" style={{ width: 200 }} defaultValue={values.q} onSearch={(v) => set({ q: v.trim() || undefined })} />
        </>
      }
      card={(c) => (
        <div style={{ minWidth: 0 }}>
          <Typography.Text strong>{c.name}</Typography.Text> <ChemicalClassTag value={c.chemicalClass} />
          <div style={{ fontSize: 13 }}>
            {c.casNo && `CAS ${c.casNo} · `}账面 {formatQuantity(c.balance, c.unit)}
          </div>
          {!school && <div style={{ fontSize: 13 }}>{c.schoolName}</div>}
        </div>
      )}
    />
  );
}

export function MovementsList({ storeId, school }: { storeId?: string; school: boolean }) {
  const { values, page, pageSize, set } = useUrlState(['unitId', 'q', 'kind'] as const);
  const q = useChemicalMovements({ storeId, unitId: values.unitId, q: values.q, kind: values.kind as ChemicalMovementKind | undefined, page, pageSize });
  const columns: TableColumnsType<ChemicalMovementT> = [
    { title: '日期', width: 110, dataIndex: 'onDate' },
    ...(school ? [] : [{ title: '学校', width: 150, render: (_: unknown, m: ChemicalMovementT) => m.schoolName }]),
    { title: '类型', width: 100, render: (_, m) => <MovementKindTag value={m.kind} /> },
    { title: '危化品', width: 140, render: (_, m) => m.chemicalName },
    { title: '数量', width: 150, render: (_, m) => signedQuantity(m) },
    { title: '经手人与用途', render: (_, m) => movementPeople(m) },
    ...(storeId ? [] : [{ title: '库房（柜）', width: 160, render: (_: unknown, m: ChemicalMovementT) => <Link to={storePath(m.storeId)}>{m.storeName}</Link> }]),
    { title: '登记人', width: 100, dataIndex: 'recordedByName' },
  ];
  return (
    <ResponsiveList
      rows={q.data?.items ?? []}
      columns={columns}
      rowKey="id"
      rowTestId="movement-row"
      loading={q.isPending}
      error={q.error}
      onRetry={() => void q.refetch()}
      empty="没有出入库记录"
      unit="条"
      paging={{ page, pageSize, total: q.data?.total ?? 0, set }}
      filters={
        <>
          {!school && !storeId && <UnitTreeSelect style={{ width: 220 }} allow={['area', 'school']} allowClear placeholder="片区或学校" aria-label="片区或学校" value={values.unitId} onChange={(v) => set({ unitId: v })} />}
          <Select allowClear placeholder="类型" aria-label="出入库类型" style={{ width: 120 }} value={values.kind} onChange={(v: string | undefined) => set({ kind: v })} options={CHEMICAL_MOVEMENT_KINDS.map((k) => ({ value: k, label: CHEMICAL_MOVEMENT_KIND_LABELS[k] }))} />
          <Input.Search allowClear placeholder="危化品、教师、用途" aria-label="搜索出入库记录" style={{ width: 200 }} defaultValue={values.q} onSearch={(v) => set({ q: v.trim() || undefined })} />
        </>
      }
      card={(m) => (
        <div style={{ minWidth: 0 }}>
          <div>
            <MovementKindTag value={m.kind} /> <Typography.Text strong>{m.chemicalName}</Typography.Text> {signedQuantity(m)}
          </div>
          <div style={{ fontSize: 13 }}>
            {m.onDate} · {movementPeople(m)}
          </div>
          <div style={{ fontSize: 13 }}>
            {school ? '' : `${m.schoolName} · `}
            {m.storeName}
          </div>
        </div>
      )}
    />
  );
}

/** 危化品台账: the school's cabinets, catalogue and movements; for the bureau and teams, every school's, with mismatches to follow up. */
export default function ChemicalsPage() {
  const me = useMe();
  const school = isSchoolSide(me.role);
  const manage = school && can(me.role, 'registry.manage');
  const { values, set } = useUrlState(['tab'] as const);
  const [editing, setEditing] = useState<'chemical' | 'store' | 'import' | null>(null);
  const navigate = useNavigate();
  const tab = values.tab ?? 'stores';
  return (
    <div data-testid="chemicals-page">
      <PageTitle
        title="危化品台账"
        sub={school ? '危化品库房与危化品柜（双人双锁）、目录与账面库存、采购审批、入库、领用、归还、处置与盘点' : '各校危化品库房（柜）、库存、出入库与盘点；账实不符的已自动上报隐患'}
        extra={
          <Space wrap>
            {school && (
              <Button icon={<DownloadOutlined />} href={chemicalExportUrl()} data-testid="chemical-export">
                导出台账
              </Button>
            )}
            {manage && (
              <>
                <Button icon={<UploadOutlined />} onClick={() => setEditing('import')} data-testid="chemical-import">
                  导入
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => setEditing('chemical')} data-testid="chemical-new">
                  新增危化品
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('store')} data-testid="store-new">
                  新增库房（柜）
                </Button>
              </>
            )}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => set({ tab: k === 'stores' ? undefined : k, q: undefined, kind: undefined, chemicalClass: undefined, mismatch: undefined } as never)}
        items={[
          { key: 'stores', label: '库房与危化品柜', children: tab === 'stores' && <StoresTab school={school} /> },
          { key: 'chemicals', label: '危化品目录', children: tab === 'chemicals' && <ChemicalsTab school={school} /> },
          { key: 'movements', label: '出入库记录', children: tab === 'movements' && <MovementsList school={school} /> },
        ]}
      />
      <ChemicalFormDrawer open={editing === 'chemical'} record={null} onClose={() => setEditing(null)} onSaved={() => setEditing(null)} />
      <StoreFormDrawer open={editing === 'store'} record={null} onClose={() => setEditing(null)} onSaved={(d) => { setEditing(null); void navigate(storePath(d.store.id)); }} />
      <ChemicalImportDrawer open={editing === 'import'} onClose={() => setEditing(null)} />
    </div>
  );
}
