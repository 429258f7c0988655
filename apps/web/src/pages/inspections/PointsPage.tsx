import { useEffect, useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined, PrinterOutlined, QrcodeOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { can, FREQUENCIES, FREQUENCY_LABELS, HAZARD_DOMAIN_LABELS, POINT_TYPE_LABELS, POINT_TYPES, type Frequency, type HazardDomain, type PointType } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage } from '../../api/client';
import { inspectionApi, type PointSummary } from '../../api/inspections';
import { useUnitsOfKind } from '../../api/queries';
import { PageTitle, Placeholder, QueryError, dash } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';
import { useUrlState } from '../../lib/useUrlState';
import { keys } from '../../api/keys';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { ResponsiveList } from '../../components/ResponsiveList';
import { PointRisks } from '../risks/PointRisks';

type FormValues = { name: string; pointType: PointType; location?: string; responsibleName?: string; frequency: Frequency; checklistIds: string[] };

/** Create or edit one point; checklists offered are those that apply to the chosen point type. */
function PointModal({ open, point, unitId, schoolId, onClose }: { open: boolean; point: PointSummary | null; unitId: string | undefined; schoolId: string | undefined; onClose: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const pointType = Form.useWatch('pointType', form);
  const lists = useQuery({
    queryKey: keys.checklists.list({ pointType }),
    queryFn: ({ signal }) => inspectionApi.checklists({ pointType }, signal),
    enabled: open,
  });
  // The district library and this school's own checklists (a bureau user also sees other schools').
  const options = useMemo(
    () =>
      (lists.data?.items ?? [])
        .filter((c) => c.owner.kind === 'bureau' || !schoolId || c.owner.id === schoolId || point?.checklists.some((pc) => pc.id === c.id))
        .map((c) => ({ value: c.id, label: `${c.title}（${c.owner.kind === 'bureau' ? '区级' : '本校'} · ${HAZARD_DOMAIN_LABELS[c.domain as HazardDomain] ?? c.domain}）` }))
        .concat(
          // Keep the point's current checklists nameable while the list loads or if no longer offered.
          (point && pointType === point.pointType ? point.checklists : []).filter((pc) => !lists.data?.items.some((c) => c.id === pc.id)).map((pc) => ({ value: pc.id, label: pc.title })),
        ),
    [lists.data, schoolId, point, pointType],
  );
  // Once the user picks another type, drop chosen checklists that do not apply to it.
  useEffect(() => {
    if (!open || !lists.data || lists.isFetching || !form.isFieldTouched('pointType')) return;
    const valid = new Set(options.map((o) => o.value));
    const chosen = (form.getFieldValue('checklistIds') as string[] | undefined) ?? [];
    if (chosen.some((id) => !valid.has(id))) form.setFieldValue('checklistIds', chosen.filter((id) => valid.has(id)));
  }, [open, options, lists.data, lists.isFetching, form]);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (point)
      form.setFieldsValue({
        name: point.name,
        pointType: point.pointType,
        location: point.location,
        responsibleName: point.responsibleName,
        frequency: point.frequency,
        checklistIds: point.checklists.map((c) => c.id),
      });
    else form.setFieldsValue({ frequency: 'weekly', checklistIds: [] });
  }, [open, point, form]);

  const { submit, saving, error, setError } = useVersionedSave({
    form,
    record: point,
    save: async (p, v) => {
      const body = { name: v.name.trim(), pointType: v.pointType, location: v.location?.trim() ?? '', responsibleName: v.responsibleName?.trim() ?? '', frequency: v.frequency, checklistIds: v.checklistIds };
      if (p) await inspectionApi.updatePoint(p.id, { version: p.version, ...body });
      else await inspectionApi.createPoint({ unitId: unitId!, ...body });
      return body.name;
    },
    onSuccess: async (name) => {
      message.success(point ? `已保存“${name}”` : `已新增点位“${name}”`);
      await qc.invalidateQueries({ queryKey: keys.points.all });
      onClose();
    },
    refresh: [keys.points.all],
    staleMessage: '该点位已被他人修改，请关闭后刷新再改',
  });

  return (
    <Modal
      title={point ? `编辑点位：${point.name}` : '新增点位'}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={point ? '保存' : '新增'}
      confirmLoading={saving}
      cancelButtonProps={{ disabled: saving }}
      okButtonProps={{ 'data-testid': 'points-save' } as React.ComponentProps<typeof Button>}
      forceRender
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="points-error" />}
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="name" label="点位名称" rules={[{ required: true, whitespace: true, message: '请填写点位名称' }]}>
          <Input maxLength={60} placeholder="例如：一号教学楼、学生食堂后厨" />
        </Form.Item>
        <Form.Item name="pointType" label="点位类型" rules={[{ required: true, message: '请选择点位类型' }]}>
          <Select
            options={POINT_TYPES.map((p) => ({ value: p, label: POINT_TYPE_LABELS[p] }))}
            placeholder="选择类型后列出适用的检查表"
            showSearch={{ optionFilterProp: 'label' }}
          />
        </Form.Item>
        <Form.Item name="location" label="位置">
          <Input maxLength={200} placeholder="例如：东校区 1 号楼 1–5 层" />
        </Form.Item>
        <Form.Item name="responsibleName" label="责任人">
          <Input maxLength={50} placeholder="姓名" />
        </Form.Item>
        <Form.Item name="frequency" label="检查频次" rules={[{ required: true, message: '请选择检查频次' }]}>
          <Select options={FREQUENCIES.map((f) => ({ value: f, label: FREQUENCY_LABELS[f] }))} />
        </Form.Item>
        <Form.Item
          name="checklistIds"
          label="检查表"
          rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一张检查表' }, { type: 'array', max: 10, message: '最多选择 10 张检查表' }]}
          extra={pointType ? `已按“${POINT_TYPE_LABELS[pointType]}”筛选适用的检查表` : '先选择点位类型'}
        >
          <Select mode="multiple" options={options} loading={lists.isFetching} placeholder="选择检查表" showSearch={{ optionFilterProp: 'label' }} disabled={!pointType} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function PointsPage() {
  const me = useMe();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const { values, set } = useUrlState(['schoolId', 'retired'] as const);
  const schoolId = schoolSide ? (me.unit.kind === 'school' ? me.unit.id : undefined) : values.schoolId;
  const includeRetired = values.retired === '1';
  const manage = can(me.role, 'inspection_point.manage');

  const schools = useUnitsOfKind('school', !schoolSide);
  const schoolOptions = useMemo(() => (schools.data ?? []).map((s) => ({ value: s.id, label: s.name })), [schools.data]);
  const ready = schoolSide || !!schoolId;
  const q = useQuery({
    queryKey: keys.points.list({ schoolId, includeRetired }),
    queryFn: ({ signal }) => inspectionApi.points({ schoolId, includeRetired: includeRetired || undefined }, signal),
    enabled: ready,
  });
  const rows = q.data?.items ?? [];
  // A campus user's points name their school; the print sheet is per school.
  const printSchoolId = schoolId ?? rows[0]?.school.id;
  const unitId = schoolSide ? me.unit.id : schoolId;

  const [modal, setModal] = useState<{ point: PointSummary | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (p: PointSummary, what: 'retire' | 'rotate') => {
    setBusy(`${what}:${p.id}`);
    try {
      if (what === 'retire') await inspectionApi.updatePoint(p.id, { version: p.version, retired: true });
      else await inspectionApi.rotateToken(p.id);
      message.success(what === 'retire' ? `已停用“${p.name}”` : `已更换“${p.name}”的二维码，请重新打印张贴`);
    } catch (e) {
      message.error(e instanceof ApiError && e.isStale ? '该点位已被他人修改，已刷新，请重试' : errorMessage(e));
    } finally {
      setBusy(null);
      await qc.invalidateQueries({ queryKey: keys.points.all });
    }
  };

  const checklistTags = (p: PointSummary) =>
    p.checklists.length ? (
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
        {p.checklists.map((c) => (
          <Tag key={c.id} style={{ marginInlineEnd: 0 }} className="xa-wrap">
            {c.title}
          </Tag>
        ))}
      </div>
    ) : (
      dash(null)
    );

  const qrLink = (p: PointSummary) =>
    p.retiredOn ? (
      dash(null)
    ) : (
      <a href={p.qrPath} target="_blank" rel="noreferrer" data-testid="points-qr-open">
        <QrcodeOutlined /> 打开
      </a>
    );

  const actions = (p: PointSummary) =>
    manage && !p.retiredOn ? (
      <Space size={0} wrap>
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setModal({ point: p })} data-testid="points-edit">
          编辑
        </Button>
        <Popconfirm title={`更换“${p.name}”的二维码？`} description="已打印的旧码将失效，需重新打印张贴。" okText="更换" onConfirm={() => act(p, 'rotate')}>
          <Button type="link" size="small" icon={<SyncOutlined />} loading={busy === `rotate:${p.id}`} data-testid="points-rotate">
            更换二维码
          </Button>
        </Popconfirm>
        <Popconfirm title={`停用“${p.name}”？`} description="停用后不再生成该点位的检查任务，已有检查记录保留。" okText="停用" okButtonProps={{ danger: true }} onConfirm={() => act(p, 'retire')}>
          <Button type="link" size="small" danger icon={<StopOutlined />} loading={busy === `retire:${p.id}`} data-testid="points-retire">
            停用
          </Button>
        </Popconfirm>
      </Space>
    ) : null;

  const columns: TableColumnsType<PointSummary> = [
    {
      title: '点位',
      dataIndex: 'name',
      width: 160,
      render: (n: string, p) => (
        <span className="xa-wrap">
          {n}
          {p.retiredOn && <Tag style={{ marginInlineStart: 6 }}>已停用</Tag>}
          {p.unit.id !== p.school.id && <Typography.Text type="secondary">（{p.unit.name}）</Typography.Text>}
        </span>
      ),
    },
    { title: '类型', dataIndex: 'pointType', width: 130, render: (t: PointType) => POINT_TYPE_LABELS[t] },
    { title: '位置', dataIndex: 'location', width: 150, render: dash },
    { title: '责任人', dataIndex: 'responsibleName', width: 90, render: dash },
    { title: '频次', dataIndex: 'frequency', width: 70, render: (f: Frequency) => FREQUENCY_LABELS[f] },
    { title: '检查表', key: 'checklists', width: 220, render: (_, p) => checklistTags(p) },
    { title: '二维码', key: 'qr', width: 80, render: (_, p) => qrLink(p) },
    { title: '风险', key: 'risks', width: 200, render: (_, p) => <PointRisks point={p} /> },
    ...(manage ? [{ title: '操作', key: 'actions', width: 270, render: (_: unknown, p: PointSummary) => actions(p) }] : []),
  ];

  const printButton = (
    <Button
      type="primary"
      size={isMobile ? 'large' : 'middle'}
      icon={<PrinterOutlined />}
      href={printSchoolId ? inspectionApi.printUrl(printSchoolId) : undefined}
      target="_blank"
      disabled={!printSchoolId || rows.length === 0}
      data-testid="points-print"
    >
      打印二维码（A4）
    </Button>
  );

  return (
    <div>
      <PageTitle
        title="点位管理"
        sub="隐患排查点位化：每个点位张贴二维码，扫码即按该点位的检查表检查"
        extra={
          <>
            {printButton}
            {/* Risk notice cards (风险告知卡) of every point of the school, with the same QR codes (pages/risks/RiskCardsPrintPage). */}
            {can(me.role, 'risk.read') && (
              <Button
                size={isMobile ? 'large' : 'middle'}
                icon={<PrinterOutlined />}
                href={printSchoolId ? `/risks/cards?schoolId=${printSchoolId}` : undefined}
                target="_blank"
                disabled={!printSchoolId || rows.length === 0}
                data-testid="points-risk-cards"
              >
                打印风险告知卡
              </Button>
            )}
            {manage && (
              <Button icon={<PlusOutlined />} onClick={() => setModal({ point: null })} disabled={!unitId} data-testid="points-create">
                新增点位
              </Button>
            )}
          </>
        }
      />
      <ResponsiveList<PointSummary>
        rows={ready ? rows : []}
        columns={columns}
        loading={ready && q.isPending}
        error={schools.isError ? schools.error : undefined}
        onRetry={() => void schools.refetch()}
        empty={<Placeholder text={!ready ? '请先选择学校' : manage ? '还没有点位，点击“新增点位”建立' : '该校还没有点位'} />}
        unit="个点位"
        notice={q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
        rowTestId="points-row"
        cardClassName={(p) => (p.retiredOn ? 'xa-card-retired' : undefined)}
        table={{ scroll: { x: 1100 }, rowClassName: (p) => (p.retiredOn ? 'xa-muted' : '') }}
        filters={
          <>
            {!schoolSide && (
              <Select
                className="xa-filter-wide"
                placeholder="选择学校"
                value={values.schoolId}
                onChange={(v) => set({ schoolId: v })}
                options={schoolOptions}
                loading={schools.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 280 }}
                data-testid="points-school"
              />
            )}
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
              <Switch size="small" checked={includeRetired} onChange={(v) => set({ retired: v ? '1' : undefined })} aria-label="显示已停用的点位" />
              <Typography.Text>显示已停用</Typography.Text>
            </span>
          </>
        }
        card={(p) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <Typography.Text strong className="xa-wrap">
                {p.name}
                {p.retiredOn && <Tag style={{ marginInlineStart: 6 }}>已停用</Tag>}
              </Typography.Text>
              {qrLink(p)}
            </div>
            <div className="xa-muted xa-wrap" style={{ fontSize: 13, margin: '4px 0' }}>
              {POINT_TYPE_LABELS[p.pointType]} · {FREQUENCY_LABELS[p.frequency]}
              {p.location && ` · ${p.location}`}
              {p.responsibleName && ` · 责任人 ${p.responsibleName}`}
            </div>
            {checklistTags(p)}
            <div style={{ marginTop: 4 }}>
              <PointRisks point={p} />
            </div>
            {manage && !p.retiredOn && <div style={{ marginTop: 4, marginInlineStart: -8 }}>{actions(p)}</div>}
          </>
        )}
      />
      <PointModal open={!!modal} point={modal?.point ?? null} unitId={unitId} schoolId={schoolId ?? rows[0]?.school.id} onClose={() => setModal(null)} />
    </div>
  );
}
