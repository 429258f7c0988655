import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { MEASURE_KIND_LABELS, MEASURE_KINDS, type MeasureKind } from '@xiaoan/domain';
import { measureApi, type MeasureDetailT, type MeasureSummaryT } from '../../api/measures';
import { keys } from '../../api/keys';
import { DayPicker } from '../../components/DayPicker';
import { useIsMobile } from '../../lib/useIsMobile';
import { useVersionedSave } from '../../lib/useVersionedSave';

type Values = { title: string; kind: MeasureKind; description: string; ownerName: string; ownerDepartment: string; dueOn: string };

const valuesOf = (m: MeasureSummaryT | null): Partial<Values> =>
  m ? { title: m.title, kind: m.kind, description: m.description, ownerName: m.ownerName, ownerDepartment: m.ownerDepartment, dueOn: m.dueOn } : { kind: 'rule', title: '', description: '', ownerName: '', ownerDepartment: '', dueOn: '' };

/** Creating or editing a measure of a school (its admin only): name, kind, content, owner and department, due date. */
export function MeasureFormDrawer({ open, record, schoolId, onClose, onSaved }: { open: boolean; record: MeasureSummaryT | null; schoolId?: string; onClose: () => void; onSaved: (d: MeasureDetailT) => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  useEffect(() => {
    if (open) form.setFieldsValue(valuesOf(record) as Values);
  }, [open, record, form]);
  const { submit, saving, error } = useVersionedSave<MeasureSummaryT, Values, MeasureDetailT>({
    form,
    record,
    save: (base, v) => {
      const fields = { title: v.title, kind: v.kind, description: v.description ?? '', ownerName: v.ownerName, ownerDepartment: v.ownerDepartment ?? '', dueOn: v.dueOn || null };
      return base ? measureApi.update(base.id, { version: base.version, ...fields }) : measureApi.create({ schoolId, ...fields });
    },
    refresh: [keys.measures.all],
    staleMessage: '该制度措施已被他人修改，请关闭后重新打开',
    onSuccess: async (d) => {
      qc.setQueryData(keys.measures.detail(d.measure.id), d);
      await qc.invalidateQueries({ queryKey: keys.measures.lists() });
      onSaved(d);
    },
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={record ? '修改制度措施' : '新增制度措施'}
      size={isMobile ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="measure-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={valuesOf(record)} data-testid="measure-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="measure-form-error" />}
        <Form.Item name="title" label="制度措施名称" rules={[{ required: true, whitespace: true, message: '请填写制度措施名称' }]}>
          <Input maxLength={200} placeholder="如：危化品采购审批制度" data-testid="measure-title" />
        </Form.Item>
        <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={MEASURE_KINDS.map((k) => ({ value: k, label: MEASURE_KIND_LABELS[k] }))} data-testid="measure-kind" />
        </Form.Item>
        <Form.Item name="description" label="内容与要求">
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="measure-description" />
        </Form.Item>
        <Form.Item name="ownerName" label="责任人" rules={[{ required: true, whitespace: true, message: '请填写责任人' }]}>
          <Input maxLength={50} data-testid="measure-owner" />
        </Form.Item>
        <Form.Item name="ownerDepartment" label="责任部门">
          <Input maxLength={100} placeholder="如：总务处" data-testid="measure-department" />
        </Form.Item>
        <Form.Item name="dueOn" label="完成时限" rules={[{ required: true, message: '请选择完成时限' }]}>
          <DayPicker style={{ width: '100%' }} aria-label="完成时限" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
