import { useEffect, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import {
  CHEMICAL_CLASSES,
  CHEMICAL_CLASS_LABELS,
  CHEMICAL_MOVEMENT_KIND_LABELS,
  CHEMICAL_STORE_KINDS,
  CHEMICAL_STORE_KIND_LABELS,
  formatQuantity,
  shanghaiDate,
  type ChemicalClass,
  type ChemicalMovementKind,
  type ChemicalStoreKind,
} from '@xiaoan/domain';
import {
  chemicalApi,
  useChemicals,
  type ChemicalCountResultT,
  type ChemicalDetailT,
  type ChemicalMovementDetailT,
  type ChemicalStoreDetailT,
  type ChemicalStoreSummaryT,
  type ChemicalSummaryT,
} from '../../../api/chemicals';
import { keys } from '../../../api/keys';
import { DayPicker } from '../../../components/DayPicker';
import { useFormSubmit } from '../../../lib/useFormSubmit';
import { useIsMobile } from '../../../lib/useIsMobile';
import { useVersionedSave } from '../../../lib/useVersionedSave';

const options = <K extends string>(values: readonly K[], labels: Record<K, string>) => values.map((v) => ({ value: v, label: labels[v] }));
const today = () => shanghaiDate(new Date());

function DrawerShell({ open, title, onClose, onSave, saving, testId, children }: { open: boolean; title: string; onClose: () => void; onSave: () => void; saving: boolean; testId: string; children: React.ReactNode }) {
  const isMobile = useIsMobile();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={isMobile ? '100%' : 560}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={onSave} data-testid={`${testId}-save`}>
            保存
          </Button>
        </Space>
      }
    >
      {children}
    </Drawer>
  );
}

type ChemicalValues = { name: string; casNo: string; chemicalClass: ChemicalClass; unit: string; note: string };

/** A catalogue entry of the school (its admin): name, CAS number, class (剧毒 / 易制毒 / 易制爆 / 一般), unit. */
export function ChemicalFormDrawer({ open, record, onClose, onSaved }: { open: boolean; record: ChemicalSummaryT | null; onClose: () => void; onSaved: (d: ChemicalDetailT) => void }) {
  const [form] = Form.useForm<ChemicalValues>();
  const qc = useQueryClient();
  useEffect(() => {
    if (open) form.setFieldsValue(record ? { name: record.name, casNo: record.casNo, chemicalClass: record.chemicalClass, unit: record.unit, note: record.note } : { chemicalClass: 'general', unit: 'mL' });
  }, [open, record, form]);
  const { submit, saving, error } = useVersionedSave<ChemicalSummaryT, ChemicalValues, ChemicalDetailT>({
    form,
    record,
    save: (base, v) => {
      const fields = { name: v.name, casNo: v.casNo ?? '', chemicalClass: v.chemicalClass, unit: v.unit, note: v.note ?? '' };
      return base ? chemicalApi.update(base.id, { version: base.version, ...fields }) : chemicalApi.create(fields);
    },
    refresh: [keys.chemicals.all],
    staleMessage: '该危化品已被他人修改，请关闭后重新打开',
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: keys.chemicals.all });
      onSaved(d);
    },
  });
  return (
    <DrawerShell open={open} title={record ? '修改危化品' : '新增危化品'} onClose={onClose} onSave={() => void submit()} saving={saving} testId="chemical">
      <Form form={form} layout="vertical" data-testid="chemical-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写危化品名称' }]}>
          <Input maxLength={100} data-testid="chemical-name" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="casNo" label="CAS 号" extra="如 7647-01-0；混合物可不填">
              <Input maxLength={20} data-testid="chemical-cas" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="unit" label="计量单位" rules={[{ required: true, whitespace: true, message: '请填写计量单位' }]}>
              <Input maxLength={10} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="chemicalClass" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={options(CHEMICAL_CLASSES, CHEMICAL_CLASS_LABELS)} aria-label="类别" />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </DrawerShell>
  );
}

type StoreValues = { name: string; kind: ChemicalStoreKind; location: string; holderA: string; holderB: string };

/** A store or cabinet of the school and the two holders of its two locks (双人双锁). */
export function StoreFormDrawer({ open, record, onClose, onSaved }: { open: boolean; record: ChemicalStoreSummaryT | null; onClose: () => void; onSaved: (d: ChemicalStoreDetailT) => void }) {
  const [form] = Form.useForm<StoreValues>();
  const qc = useQueryClient();
  useEffect(() => {
    if (open) form.setFieldsValue(record ? { name: record.name, kind: record.kind, location: record.location, holderA: record.holderA, holderB: record.holderB } : { kind: 'cabinet' });
  }, [open, record, form]);
  const { submit, saving, error } = useVersionedSave<ChemicalStoreSummaryT, StoreValues, ChemicalStoreDetailT>({
    form,
    record,
    save: (base, v) => {
      const fields = { name: v.name, kind: v.kind, location: v.location ?? '', holderA: v.holderA, holderB: v.holderB };
      return base ? chemicalApi.updateStore(base.id, { version: base.version, ...fields }) : chemicalApi.createStore(fields);
    },
    refresh: [keys.chemicals.all],
    staleMessage: '该库房（柜）已被他人修改，请关闭后重新打开',
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: keys.chemicals.all });
      onSaved(d);
    },
  });
  return (
    <DrawerShell open={open} title={record ? '修改库房（柜）' : '新增库房（柜）'} onClose={onClose} onSave={() => void submit()} saving={saving} testId="store">
      <Form form={form} layout="vertical" data-testid="store-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="name" label="名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择' }]}>
              <Select options={options(CHEMICAL_STORE_KINDS, CHEMICAL_STORE_KIND_LABELS)} aria-label="类型" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="location" label="位置">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="holderA" label="第一把锁保管人" rules={[{ required: true, whitespace: true, message: '请填写保管人' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="holderB" label="第二把锁保管人" rules={[{ required: true, whitespace: true, message: '请填写保管人' }]} extra="双人双锁：须与第一人不同">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </DrawerShell>
  );
}

type MovementValues = {
  kind: ChemicalMovementKind;
  chemicalId: string;
  quantity: number;
  onDate: string;
  approverA?: string;
  approverB?: string;
  supplier?: string;
  receivedBy?: string;
  purchaseId?: string;
  teacher?: string;
  lesson?: string;
  secondPerson?: string;
  withdrawalId?: string;
  contractor?: string;
  manifestNo?: string;
  note?: string;
};

/**
 * One movement at a store: the kinds the caller may record (the server's allowedActions), the
 * fields each kind names. The server checks the balance and answers each refusal under its field.
 */
export function MovementDrawer({ open, store, initial, onClose, onSaved }: { open: boolean; store: ChemicalStoreDetailT; initial?: Partial<MovementValues>; onClose: () => void; onSaved: (d: ChemicalMovementDetailT) => void }) {
  const [form] = Form.useForm<MovementValues>();
  const qc = useQueryClient();
  const kinds = (['withdraw', 'return', 'receive', 'purchase', 'dispose'] as const).filter((k) => store.allowedActions.includes(k));
  const kind = Form.useWatch('kind', form) ?? initial?.kind ?? kinds[0];
  const chemicalId = Form.useWatch('chemicalId', form);
  const catalogue = useChemicals({ schoolId: store.store.schoolId, pageSize: 500 }, open && (kind === 'receive' || kind === 'purchase'));
  useEffect(() => {
    if (open) form.setFieldsValue({ kind: kinds[0], onDate: today(), ...initial } as MovementValues);
  }, [open]);
  const held = store.balances.map((b) => ({ value: b.chemicalId, label: `${b.name}（库存 ${formatQuantity(b.quantity, b.unit)}）` }));
  const all = (catalogue.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}${c.casNo ? `（${c.casNo}）` : ''} · ${CHEMICAL_CLASS_LABELS[c.chemicalClass]}` }));
  const chemicalOptions = kind === 'receive' || kind === 'purchase' ? all : kind === 'return' ? [...new Map(store.openWithdrawals.map((w) => [w.chemicalId, { value: w.chemicalId, label: w.chemicalName }])).values()] : held;
  const withdrawals = useMemo(() => store.openWithdrawals.filter((w) => !chemicalId || w.chemicalId === chemicalId), [store.openWithdrawals, chemicalId]);
  const purchases = store.openPurchases.filter((p) => !chemicalId || p.chemicalId === chemicalId);
  const { submit, saving, error } = useFormSubmit<MovementValues, ChemicalMovementDetailT>({
    form,
    submit: (v) => {
      const w = v.kind === 'return' ? store.openWithdrawals.find((x) => x.id === v.withdrawalId) : undefined;
      return chemicalApi.record({
        storeId: store.store.id,
        chemicalId: w?.chemicalId ?? v.chemicalId,
        kind: v.kind,
        quantity: v.quantity,
        onDate: v.onDate,
        approverA: v.approverA,
        approverB: v.approverB,
        supplier: v.supplier,
        receivedBy: v.receivedBy,
        purchaseId: v.purchaseId || null,
        teacher: v.teacher,
        lesson: v.lesson,
        secondPerson: v.secondPerson,
        withdrawalId: v.withdrawalId || null,
        contractor: v.contractor,
        manifestNo: v.manifestNo,
        note: v.note,
      });
    },
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: keys.chemicals.all });
      onSaved(d);
    },
  });
  const text = (name: keyof MovementValues, label: string, required = true, max = 50) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input maxLength={max} data-testid={`movement-${name}`} />
    </Form.Item>
  );
  return (
    <DrawerShell open={open} title={`登记出入库 · ${store.store.name}`} onClose={onClose} onSave={() => void submit()} saving={saving} testId="movement">
      <Form form={form} layout="vertical" data-testid="movement-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="movement-error" />}
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={kinds.map((k) => ({ value: k, label: CHEMICAL_MOVEMENT_KIND_LABELS[k] }))} aria-label="出入库类型" data-testid="movement-kind" onChange={() => form.setFieldsValue({ chemicalId: undefined as never, withdrawalId: undefined, purchaseId: undefined })} />
        </Form.Item>
        {kind === 'return' ? (
          <Form.Item name="withdrawalId" label="归还哪一次领用" rules={[{ required: true, message: '请选择领用记录' }]}>
            <Select
              aria-label="领用记录"
              data-testid="movement-withdrawal"
              options={withdrawals.map((w) => ({ value: w.id, label: `${w.onDate} ${w.chemicalName} · ${w.teacher ?? ''} · 未还 ${formatQuantity(w.outstanding ?? 0, w.unit)}` }))}
              notFoundContent="没有未归还的领用"
            />
          </Form.Item>
        ) : (
          <Form.Item name="chemicalId" label="危化品" rules={[{ required: true, message: '请选择危化品' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={chemicalOptions} aria-label="危化品" data-testid="movement-chemical" loading={catalogue.isFetching} notFoundContent={kind === 'withdraw' || kind === 'dispose' ? '本柜暂无库存' : '目录中没有危化品，请先新增'} />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="quantity" label="数量" rules={[{ required: true, message: '请填写数量' }]}>
              <InputNumber style={{ width: '100%' }} step={1} aria-label="数量" data-testid="movement-quantity" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="onDate" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DayPicker style={{ width: '100%' }} aria-label="日期" />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'purchase' && (
          <>
            <Row gutter={12}>
              <Col xs={24} sm={12}>{text('approverA', '第一审批人')}</Col>
              <Col xs={24} sm={12}>{text('approverB', '第二审批人')}</Col>
            </Row>
            {text('supplier', '供货单位', false, 200)}
          </>
        )}
        {kind === 'receive' && (
          <>
            <Form.Item name="purchaseId" label="对应的采购" extra="剧毒、易制毒、易制爆须凭审批通过的采购入库">
              <Select allowClear aria-label="对应的采购" options={purchases.map((p) => ({ value: p.id, label: `${p.onDate} ${p.chemicalName} · 待入库 ${formatQuantity(p.outstanding ?? 0, p.unit)}` }))} notFoundContent="没有待入库的采购" />
            </Form.Item>
            {text('receivedBy', '验收人')}
            {text('supplier', '供货单位', false, 200)}
          </>
        )}
        {kind === 'withdraw' && (
          <>
            {text('teacher', '领用教师')}
            {text('lesson', '用途（课程或实验）', true, 200)}
            {text('secondPerson', '第二领用人（剧毒化学品必填）', false)}
          </>
        )}
        {kind === 'return' && text('teacher', '归还人（缺省为领用教师）', false)}
        {kind === 'dispose' && (
          <>
            {text('contractor', '处置单位', true, 200)}
            {text('manifestNo', '危废转移联单号', true, 200)}
          </>
        )}
        <Form.Item name="note" label="备注">
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </DrawerShell>
  );
}

type CountValues = { countedOn: string; countedBy: string; secondCounter?: string; note?: string; lines: { chemicalId: string; counted: number | null }[] };

/** 盘点: the counted quantity of every chemical on the store's book; a mismatch opens a hazard (the answer says which). */
export function CountDrawer({ open, store, onClose, onCounted }: { open: boolean; store: ChemicalStoreDetailT; onClose: () => void; onCounted: (r: ChemicalCountResultT) => void }) {
  const [form] = Form.useForm<CountValues>();
  const qc = useQueryClient();
  useEffect(() => {
    if (open) form.setFieldsValue({ countedOn: today(), lines: store.balances.map((b) => ({ chemicalId: b.chemicalId, counted: null })) });
  }, [open]);
  const { submit, saving, error } = useFormSubmit<CountValues, ChemicalCountResultT>({
    form,
    submit: (v) =>
      chemicalApi.count(store.store.id, {
        countedOn: v.countedOn,
        countedBy: v.countedBy,
        secondCounter: v.secondCounter ?? '',
        note: v.note ?? '',
        // Only the counted quantities are form fields: the chemicals are the book's, line by line.
        lines: store.balances.map((b, i) => ({ chemicalId: b.chemicalId, counted: v.lines?.[i]?.counted ?? 0 })),
      }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: keys.chemicals.all });
      await qc.invalidateQueries({ queryKey: keys.hazards.all });
      onCounted(r);
    },
  });
  return (
    <DrawerShell open={open} title={`盘点 · ${store.store.name}`} onClose={onClose} onSave={() => void submit()} saving={saving} testId="count">
      <Form form={form} layout="vertical" data-testid="count-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="countedOn" label="盘点日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DayPicker style={{ width: '100%' }} aria-label="盘点日期" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="countedBy" label="盘点人" rules={[{ required: true, whitespace: true, message: '请填写盘点人' }]}>
              <Input maxLength={50} data-testid="count-by" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="secondCounter" label="监盘人">
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Paragraph type="secondary">逐种清点柜内实物，填写实盘数量；与账面不符时系统自动上报隐患。</Typography.Paragraph>
        {store.balances.length === 0 && <Alert type="info" showIcon title="本柜账面没有库存" style={{ marginBottom: 12 }} />}
        <Form.List name="lines">
          {(fields) =>
            fields.map((f, i) => {
              const b = store.balances[i]!;
              return (
                <Form.Item key={f.key} name={[f.name, 'counted']} label={`${b.name}（账面 ${formatQuantity(b.quantity, b.unit)}）`} rules={[{ required: true, message: '请填写实盘数量' }]}>
                  <InputNumber style={{ width: '100%' }} addonAfter={b.unit} aria-label={`${b.name} 实盘数量`} data-testid={`count-line-${b.chemicalId}`} />
                </Form.Item>
              );
            })
          }
        </Form.List>
        <Form.Item name="note" label="说明">
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={1000} />
        </Form.Item>
      </Form>
    </DrawerShell>
  );
}
