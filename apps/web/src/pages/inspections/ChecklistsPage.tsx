import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Drawer, Empty, Input, InputNumber, List, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import {
  can,
  HAZARD_DOMAIN_LABELS,
  HAZARD_DOMAINS,
  POINT_TYPE_LABELS,
  POINT_TYPES,
  SCHOOL_KIND_LABELS,
  SCHOOL_KINDS,
  validateChecklistItems,
  type HazardDomain,
  type PointType,
  type SchoolKind,
} from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage } from '../../api/client';
import { inspectionApi, type ChecklistDetail, type ChecklistItem, type ChecklistSummary } from '../../api/inspections';
import { ActionLink, PageTitle, Placeholder, QueryError, dash } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { keys } from '../../api/keys';
import { ResponsiveList } from '../../components/ResponsiveList';

type Row = ChecklistItem & { key: string };
type Header = { title: string; domain: HazardDomain | undefined; description: string; pointTypes: PointType[] };
/** What the drawer shows: an existing checklist (possibly straight into editing), or a new one. */
type Target = { id: string; edit?: boolean } | { id: null };

const domainOptions = HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }));
const pointOptions = POINT_TYPES.map((p) => ({ value: p, label: POINT_TYPE_LABELS[p] }));
const kindOptions = SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }));
const CODE_RE = /^[A-Za-z0-9_-]{1,30}$/;

let seq = 0;
const rowKey = () => `r${++seq}`;
const toRows = (items: readonly ChecklistItem[]): Row[] => items.map((i) => ({ ...i, key: rowKey() }));
const strip = (rows: readonly Row[]): ChecklistItem[] =>
  rows.map(({ code, text, standard, basis, schoolKinds, pointTypes, weight }) => ({ code: code.trim(), text: text.trim(), standard: standard.trim(), basis: basis.trim(), schoolKinds, pointTypes, weight }));

/** The next free item code after the last one ("F07" → "F08"); "N01" when there is no pattern to follow. */
function nextCode(rows: readonly Row[]): string {
  const used = new Set(rows.map((r) => r.code));
  const m = /^(.*?)(\d+)$/.exec(rows.at(-1)?.code ?? '');
  const prefix = m ? m[1]! : 'N';
  const width = m ? m[2]!.length : 2;
  for (let n = m ? Number(m[2]) + 1 : 1; ; n++) {
    const c = `${prefix}${String(n).padStart(width, '0')}`;
    if (!used.has(c)) return c;
  }
}

const labels = (codes: readonly string[], map: Record<string, string>) =>
  codes.length === 0 ? <Typography.Text type="secondary">全部</Typography.Text> : codes.map((c) => <Tag key={c} style={{ marginBottom: 2 }}>{map[c] ?? c}</Tag>);

function OwnerTag({ c }: { c: ChecklistSummary }) {
  const me = useMe();
  if (c.owner.kind === 'bureau') return <Tag color="blue">区级</Tag>;
  if (c.owner.id === me.unit.id) return <Tag color="orange">本校</Tag>;
  return <Tag color="orange">{c.owner.name}</Tag>;
}

function ItemsView({ items }: { items: readonly ChecklistItem[] }) {
  const isMobile = useIsMobile();
  if (isMobile) {
    return (
      <List
        dataSource={items as ChecklistItem[]}
        split={false}
        renderItem={(i) => (
          <Card size="small" style={{ marginBottom: 8 }}>
            <Typography.Text strong className="xa-wrap">
              {i.code}　{i.text}
            </Typography.Text>
            <div style={{ fontSize: 13, marginTop: 4 }} className="xa-wrap">
              <div>合格标准：{dash(i.standard)}</div>
              <div>依据：{dash(i.basis)}</div>
              <div>适用学校类型：{labels(i.schoolKinds, SCHOOL_KIND_LABELS)}</div>
              <div>适用点位：{labels(i.pointTypes, POINT_TYPE_LABELS)}</div>
              <div>权重：{i.weight}</div>
            </div>
          </Card>
        )}
      />
    );
  }
  const columns: TableColumnsType<ChecklistItem> = [
    { title: '编号', dataIndex: 'code', width: 70 },
    { title: '检查内容', dataIndex: 'text', width: 220 },
    { title: '合格标准', dataIndex: 'standard', width: 220, render: dash },
    { title: '依据', dataIndex: 'basis', width: 160, render: dash },
    { title: '适用学校类型', dataIndex: 'schoolKinds', width: 130, render: (v: string[]) => labels(v, SCHOOL_KIND_LABELS) },
    { title: '适用点位', dataIndex: 'pointTypes', width: 130, render: (v: string[]) => labels(v, POINT_TYPE_LABELS) },
    { title: '权重', dataIndex: 'weight', width: 60 },
  ];
  return <Table<ChecklistItem> rowKey="code" size="small" columns={columns} dataSource={items as ChecklistItem[]} pagination={false} scroll={{ x: 990 }} />;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <div className="xa-muted" style={{ fontSize: 12, marginBottom: 2 }}>
        {label}
      </div>
      {children}
    </div>
  );
}

function ItemEditor({ row, index, onChange, onRemove }: { row: Row; index: number; onChange: (r: Row) => void; onRemove: () => void }) {
  const set = (p: Partial<Row>) => onChange({ ...row, ...p });
  return (
    <Card
      size="small"
      style={{ marginBottom: 8 }}
      title={`第 ${index + 1} 项`}
      extra={
        <Button type="link" danger size="small" icon={<DeleteOutlined />} onClick={onRemove} data-testid="checklist-item-remove">
          删除
        </Button>
      }
      data-testid="checklist-item-edit"
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: 8 }}>
        <Field label="编号 / 权重">
          <Space.Compact style={{ width: '100%' }}>
            <Input value={row.code} onChange={(e) => set({ code: e.target.value })} placeholder="编号" maxLength={30} style={{ width: 90 }} aria-label="编号" status={CODE_RE.test(row.code) ? undefined : 'error'} />
            <InputNumber value={row.weight} min={1} max={10} precision={0} onChange={(v) => set({ weight: v ?? 1 })} prefix="权重" style={{ flex: 1 }} aria-label="权重" />
          </Space.Compact>
        </Field>
        <Field label="检查内容">
          <Input.TextArea value={row.text} onChange={(e) => set({ text: e.target.value })} placeholder="检查内容（必填）" maxLength={300} autoSize={{ minRows: 1, maxRows: 4 }} status={row.text.trim() ? undefined : 'error'} />
        </Field>
        <Field label="合格标准">
          <Input.TextArea value={row.standard} onChange={(e) => set({ standard: e.target.value })} placeholder="合格标准" maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Field>
        <Field label="依据">
          <Input value={row.basis} onChange={(e) => set({ basis: e.target.value })} placeholder="依据（法规、文件）" maxLength={500} />
        </Field>
        <Field label="适用学校类型">
          <Select mode="multiple" allowClear value={row.schoolKinds} onChange={(v: SchoolKind[]) => set({ schoolKinds: v })} options={kindOptions} placeholder="不选即全部" maxTagCount="responsive" style={{ width: '100%' }} />
        </Field>
        <Field label="适用点位">
          <Select mode="multiple" allowClear value={row.pointTypes} onChange={(v: PointType[]) => set({ pointTypes: v })} options={pointOptions} placeholder="不选即全部" maxTagCount="responsive" style={{ width: '100%' }} />
        </Field>
      </div>
    </Card>
  );
}

function ChecklistDrawer({ target, onClose, onCreated }: { target: Target | null; onClose: () => void; onCreated: (id: string) => void }) {
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const id = target?.id ?? null;
  const detail = useQuery({ queryKey: keys.checklists.detail(id ?? ''), queryFn: ({ signal }) => inspectionApi.checklist(id!, signal), enabled: !!id });
  const creating = !!target && target.id === null;
  const [editing, setEditing] = useState(false);
  const [header, setHeader] = useState<Header>({ title: '', domain: undefined, description: '', pointTypes: [] });
  const [rows, setRows] = useState<Row[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);

  const startEdit = (d: ChecklistDetail | undefined) => {
    setHeader(d ? { title: d.checklist.title, domain: d.checklist.domain, description: d.checklist.description, pointTypes: d.checklist.pointTypes as PointType[] } : { title: '', domain: undefined, description: '', pointTypes: [] });
    setRows(d ? toRows(d.items) : [{ key: rowKey(), code: 'N01', text: '', standard: '', basis: '', schoolKinds: [], pointTypes: [], weight: 1 }]);
    setErrors([]);
    setEditing(true);
  };
  const wantsEdit = creating || (target?.id != null && target.edit === true);
  useEffect(() => setErrors([]), [target]);
  useEffect(() => {
    if (!target) setEditing(false);
    else if (creating) startEdit(undefined);
    else if (wantsEdit && detail.data) startEdit(detail.data);
    else if (!wantsEdit) setEditing(false);
    // Enter editing once per target, when its data has arrived.
  }, [target, !!detail.data]);

  const d = detail.data;
  const itemsChanged = !d || JSON.stringify(strip(rows)) !== JSON.stringify(d.items);

  const save = async () => {
    const items = strip(rows);
    const problems = [...(header.title.trim() ? [] : ['请填写检查表名称']), ...(header.domain ? [] : ['请选择隐患类别']), ...validateChecklistItems(items)];
    items.forEach((i, n) => {
      if (i.code && !CODE_RE.test(i.code)) problems.push(`第 ${n + 1} 项：编号只能用字母、数字、“-”和“_”`);
    });
    setErrors(problems);
    if (problems.length) {
      message.error(problems.length > 1 ? `${problems[0]}（共 ${problems.length} 处问题，见上方）` : problems[0]!);
      return;
    }
    setSaving(true);
    try {
      if (!d) {
        const res = await inspectionApi.createChecklist({ domain: header.domain!, title: header.title.trim(), description: header.description.trim(), pointTypes: header.pointTypes, items });
        message.success(`已新建检查表“${res.checklist.title}”`);
        await qc.invalidateQueries({ queryKey: keys.checklists.all });
        onCreated(res.checklist.id);
      } else {
        const res = await inspectionApi.updateChecklist(d.checklist.id, {
          version: d.checklist.version,
          title: header.title.trim(),
          description: header.description.trim(),
          pointTypes: header.pointTypes,
          ...(itemsChanged ? { items } : {}),
        });
        qc.setQueryData(keys.checklists.detail(d.checklist.id), res);
        await qc.invalidateQueries({ queryKey: keys.checklists.all });
        message.success(itemsChanged ? `已保存为第${res.checklist.versionNo}版` : '已保存');
        setEditing(false);
      }
    } catch (e) {
      if (e instanceof ApiError && e.isStale && d) {
        const fresh = await detail.refetch();
        if (fresh.data) startEdit(fresh.data);
        setErrors(['该检查表已被他人修改，已载入最新内容，您的修改未保存，请重新修改']);
      } else {
        setErrors([errorMessage(e)]);
        message.error(errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  const title = creating ? '新建检查表' : d ? d.checklist.title : '检查表';
  return (
    <Drawer
      title={title}
      open={!!target}
      onClose={onClose}
      size={isMobile ? '100%' : 1040}
      destroyOnHidden
      footer={
        editing ? (
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button onClick={() => (creating ? onClose() : setEditing(false))} disabled={saving}>
              取消
            </Button>
            <Button type="primary" loading={saving} onClick={() => void save()} data-testid="checklist-save">
              {creating ? '新建' : itemsChanged ? `保存为第${(d?.checklist.versionNo ?? 0) + 1}版` : '保存'}
            </Button>
          </Space>
        ) : d?.checklist.canEdit ? (
          <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <Button type="primary" icon={<EditOutlined />} onClick={() => startEdit(d)} data-testid="checklist-edit">
              编辑
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.isError && <QueryError error={detail.error} onRetry={() => void detail.refetch()} />}
      {errors.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errors.length === 1 ? errors[0] : '请修改以下问题'} description={errors.length > 1 ? <ul style={{ margin: 0, paddingInlineStart: 20 }}>{errors.map((e, i) => <li key={i}>{e}</li>)}</ul> : undefined} data-testid="checklist-error" />
      )}
      {!creating && !d && !detail.isError ? (
        <Skeleton active />
      ) : editing ? (
        <>
          {d && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={itemsChanged ? `修改检查项后保存为新版本（第${d.checklist.versionNo + 1}版）` : `当前为第${d.checklist.versionNo}版`}
              description="已完成的检查记录仍保留当时所用的版本，不受本次修改影响。"
            />
          )}
          <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '2fr 1fr', gap: 8, marginBottom: 8 }}>
            <Input value={header.title} onChange={(e) => setHeader({ ...header, title: e.target.value })} placeholder="检查表名称（必填）" maxLength={100} aria-label="检查表名称" />
            <Select value={header.domain} onChange={(v: HazardDomain) => setHeader({ ...header, domain: v })} options={domainOptions} placeholder="隐患类别" disabled={!!d} aria-label="隐患类别" />
          </div>
          <Input.TextArea value={header.description} onChange={(e) => setHeader({ ...header, description: e.target.value })} placeholder="说明（选填）" maxLength={1000} autoSize={{ minRows: 1, maxRows: 3 }} style={{ marginBottom: 8 }} />
          <Select mode="multiple" allowClear value={header.pointTypes} onChange={(v: PointType[]) => setHeader({ ...header, pointTypes: v })} options={pointOptions} placeholder="适用点位类型（不选即全部）" style={{ width: '100%', marginBottom: 16 }} />
          <Typography.Title level={5}>检查项（{rows.length}）</Typography.Title>
          {rows.map((r, i) => (
            <ItemEditor key={r.key} row={r} index={i} onChange={(nr) => setRows(rows.map((x) => (x.key === r.key ? nr : x)))} onRemove={() => setRows(rows.filter((x) => x.key !== r.key))} />
          ))}
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            disabled={rows.length >= 200}
            onClick={() => setRows([...rows, { key: rowKey(), code: nextCode(rows), text: '', standard: '', basis: '', schoolKinds: [], pointTypes: [], weight: 1 }])}
            data-testid="checklist-item-add"
          >
            添加检查项
          </Button>
        </>
      ) : d ? (
        <>
          <Descriptions size="small" column={isMobile ? 1 : 3} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="归属">
              <OwnerTag c={d.checklist} />
              {d.checklist.owner.name}
            </Descriptions.Item>
            <Descriptions.Item label="隐患类别">{HAZARD_DOMAIN_LABELS[d.checklist.domain]}</Descriptions.Item>
            <Descriptions.Item label="版本">第{d.checklist.versionNo}版</Descriptions.Item>
            <Descriptions.Item label="适用点位" span={isMobile ? 1 : 3}>
              {labels(d.checklist.pointTypes, POINT_TYPE_LABELS)}
            </Descriptions.Item>
            {d.checklist.description && (
              <Descriptions.Item label="说明" span={isMobile ? 1 : 3}>
                <span className="xa-pre">{d.checklist.description}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {!d.checklist.canEdit && d.checklist.owner.kind === 'bureau' && (
            <Typography.Paragraph type="secondary">区级检查表由教育局维护；学校可在列表中“复制为本校检查表”后增加本校检查项。</Typography.Paragraph>
          )}
          {d.items.length ? <ItemsView items={d.items} /> : <Empty description="没有检查项" />}
        </>
      ) : null}
    </Drawer>
  );
}

export default function ChecklistsPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { values, set } = useUrlState(['domain'] as const);
  const domain = HAZARD_DOMAINS.includes(values.domain as HazardDomain) ? (values.domain as HazardDomain) : undefined;
  const q = useQuery({ queryKey: keys.checklists.list({ domain }), queryFn: ({ signal }) => inspectionApi.checklists({ domain }, signal) });
  const [target, setTarget] = useState<Target | null>(null);
  const [copying, setCopying] = useState<string | null>(null);

  const manage = can(me.role, 'checklist.manage');
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const canCreate = manage && me.unit.kind === 'bureau';
  const canCopy = (c: ChecklistSummary) => manage && schoolSide && c.owner.kind === 'bureau';
  const rows = useMemo(() => q.data?.items ?? [], [q.data]);

  const copy = async (c: ChecklistSummary) => {
    setCopying(c.id);
    try {
      const res = await inspectionApi.copyChecklist(c.id);
      message.success(`已复制为本校检查表“${res.checklist.title}”，可在其中增加本校检查项`);
      qc.setQueryData(keys.checklists.detail(res.checklist.id), res);
      await qc.invalidateQueries({ queryKey: keys.checklists.lists() });
      setTarget({ id: res.checklist.id, edit: true });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setCopying(null);
    }
  };

  const actions = (c: ChecklistSummary) => (
    <Space size={0} wrap onClick={(e) => e.stopPropagation()}>
      <Button type="link" size="small" onClick={() => setTarget({ id: c.id })} data-testid="checklist-view">
        查看
      </Button>
      {c.canEdit && (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setTarget({ id: c.id, edit: true })} data-testid="checklist-edit-open">
          编辑
        </Button>
      )}
      {canCopy(c) && (
        <Button type="link" size="small" icon={<CopyOutlined />} loading={copying === c.id} disabled={!!copying} onClick={() => void copy(c)} data-testid="checklist-copy">
          复制为本校检查表
        </Button>
      )}
    </Space>
  );

  const columns: TableColumnsType<ChecklistSummary> = [
    {
      title: '检查表',
      dataIndex: 'title',
      render: (t: string, c) => (
        <div>
          <ActionLink onClick={() => setTarget({ id: c.id })} className="xa-wrap" style={{ fontWeight: 500 }}>
            {t}
          </ActionLink>
          {c.description && <div className="xa-muted xa-wrap" style={{ fontSize: 12 }}>{c.description}</div>}
        </div>
      ),
    },
    { title: '隐患类别', dataIndex: 'domain', width: 150, render: (v: HazardDomain) => HAZARD_DOMAIN_LABELS[v] },
    { title: '归属', key: 'owner', width: 140, render: (_, c) => <OwnerTag c={c} /> },
    { title: '检查项', dataIndex: 'itemCount', width: 80, render: (n: number) => `${n} 项` },
    { title: '版本', dataIndex: 'versionNo', width: 80, render: (n: number) => `第${n}版` },
    { title: '操作', key: 'actions', width: 240, render: (_, c) => actions(c) },
  ];

  return (
    <div>
      <PageTitle
        title="检查表"
        sub={schoolSide ? '区级检查表库和本校检查表；学校可复制区级检查表后增加本校检查项' : '区级检查表库：各校按点位类型使用；修改检查项会生成新版本'}
        extra={
          <Space wrap>
            {manage && me.unit.kind !== 'area' && (
              <Link to="/inspections/checklists/import">
                <Button icon={<UploadOutlined />} data-testid="checklist-import">
                  从 Excel 导入
                </Button>
              </Link>
            )}
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ id: null })} data-testid="checklist-create">
                新建检查表
              </Button>
            )}
          </Space>
        }
      />
      <ResponsiveList<ChecklistSummary>
        rows={rows}
        columns={columns}
        loading={q.isPending}
        error={q.isError ? q.error : undefined}
        onRetry={() => void q.refetch()}
        empty={<Placeholder text={domain ? '该类别下没有检查表' : '还没有检查表'} />}
        unit="张"
        rowTestId="checklist-row"
        onCardClick={(c) => setTarget({ id: c.id })}
        filters={
          <>
            <Select allowClear placeholder="按隐患类别筛选" value={domain} onChange={(v) => set({ domain: v })} options={domainOptions} style={{ width: 220 }} className="xa-filter-wide" />
          </>
        }
        card={(c) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
              <Typography.Text strong className="xa-wrap">
                {c.title}
              </Typography.Text>
              <OwnerTag c={c} />
            </div>
            <div className="xa-muted" style={{ fontSize: 13, marginTop: 4 }}>
              {HAZARD_DOMAIN_LABELS[c.domain]} · {c.itemCount} 项 · 第{c.versionNo}版
            </div>
            <div style={{ marginTop: 4, marginInlineStart: -8 }}>{actions(c)}</div>
          </>
        )}
      />
      <ChecklistDrawer target={target} onClose={() => setTarget(null)} onCreated={(id) => setTarget({ id })} />
    </div>
  );
}
