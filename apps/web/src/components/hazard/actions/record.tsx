// 修改 / 填报整改进展: changes to the record that do not move its state.
import { Checkbox, Form, Input, Select, Typography } from 'antd';
import {
  HAZARD_ACTION_LABELS,
  HAZARD_DOMAIN_LABELS,
  HAZARD_DOMAINS,
  HAZARD_GRADE_LABELS,
  HAZARD_GRADES,
  HAZARD_SOURCE_LABELS,
  HAZARD_SOURCES,
  type Hazard,
} from '@xiaoan/domain';
import { todayYmd } from '../../../lib/hazard';
import { CommitmentsFields, DateInput, dateItem, MilestonesList } from '../formParts';
import { UploadField } from '../UploadField';
import type { ActionBody, ActionForms, FieldsProps, FormValues } from './types';
import { fileIds, fundsString, milestones, mustFill, requiredText, text } from './values';

const editValues = (r: Hazard): FormValues => ({
  title: r.title,
  description: r.description,
  location: r.location,
  domain: r.domain,
  grade: r.grade,
  source: r.source,
  foundAt: r.foundAt,
  foundBy: r.foundBy,
  owner: r.owner ?? undefined,
  measures: r.measures ?? undefined,
  funds: r.fundsFen === null ? undefined : r.fundsFen / 100,
  contingencyPlan: r.contingencyPlan ?? undefined,
  interimControls: r.interimControls ?? undefined,
  watcher: r.watcher ?? undefined,
});

/** Fields a blank leaves unchanged (the server refuses to clear them). */
const KEPT_FIELDS = ['title', 'description', 'location', 'domain', 'grade', 'source', 'foundAt', 'foundBy', 'owner', 'measures', 'contingencyPlan'] as const;
/** Fields a blank clears. */
const CLEARABLE_FIELDS = ['interimControls', 'watcher'] as const;

/** Only what differs from the record the form opened on, so an edit cannot undo someone else's. */
function editBody(v: FormValues, r: Hazard): ActionBody<'edit'> {
  const before = editValues(r);
  const out: FormValues = {};
  for (const k of KEPT_FIELDS) {
    const now = typeof v[k] === 'string' ? v[k].trim() : v[k];
    if (now !== undefined && now !== (before[k] ?? '')) out[k] = now;
  }
  for (const k of CLEARABLE_FIELDS) {
    const now = text(v[k]) ?? null;
    if (now !== (before[k] ?? null)) out[k] = now;
  }
  if (v.funds !== undefined && v.funds !== null && v.funds !== before.funds) out.funds = fundsString(v.funds);
  const photos = fileIds(v.addPhotoIds);
  if (photos) out.addPhotoIds = photos;
  const add = milestones(v.addMilestones);
  if (add) out.addMilestones = add;
  // The inputs offer only the contract's kinds (the selects list the domain's codes).
  return out as ActionBody<'edit'>;
}

function EditFields({ record: r, onBusy }: FieldsProps) {
  const today = todayYmd();
  return (
    <>
      <Form.Item name="title" label="标题" rules={mustFill('标题')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="description" label="描述" rules={mustFill('隐患描述')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name="domain" label="隐患类别" style={{ flex: '1 1 180px' }}>
          <Select options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} />
        </Form.Item>
        <Form.Item name="grade" label="等级" style={{ flex: '1 1 120px' }}>
          <Select options={HAZARD_GRADES.map((g) => ({ value: g, label: HAZARD_GRADE_LABELS[g] }))} />
        </Form.Item>
        <Form.Item name="source" label="发现方式" style={{ flex: '1 1 120px' }}>
          <Select options={HAZARD_SOURCES.map((s) => ({ value: s, label: HAZARD_SOURCE_LABELS[s] }))} />
        </Form.Item>
      </div>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name="location" label="位置" style={{ flex: '2 1 200px' }}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="foundAt" label="发现日期" style={{ flex: '1 1 140px' }} {...dateItem}>
          <DateInput max={r.dueDate && r.dueDate < today ? r.dueDate : today} allowClear={false} />
        </Form.Item>
        <Form.Item name="foundBy" label="发现人" rules={mustFill('发现人')} style={{ flex: '1 1 120px' }}>
          <Input maxLength={100} />
        </Form.Item>
      </div>
      <Form.Item name="addPhotoIds" label="追加照片">
        <UploadField unitId={r.unitId} allow="photo" onBusyChange={onBusy} />
      </Form.Item>
      {r.registeredAt && (
        <>
          <Typography.Title level={5}>整改五落实</Typography.Title>
          <CommitmentsFields major={r.grade === 'major'} foundAt={r.foundAt} showPlan={false} dueLocked />
          <MilestonesList name="addMilestones" label="追加整改计划节点" min={r.foundAt} max={r.dueDate} />
        </>
      )}
    </>
  );
}

function ProgressFields({ record: r, onBusy }: FieldsProps) {
  return (
    <>
      <Form.Item name="milestoneIndex" label="计划节点" rules={[{ required: true, message: '请选择计划节点' }]}>
        <Select
          options={r.plan.map((m, i) => ({
            value: i,
            label: `${i + 1}. ${m.title}（${m.dueDate}${m.doneAt ? '，已完成' : ''}）`,
          }))}
          notFoundContent="尚无整改计划"
        />
      </Form.Item>
      <Form.Item name="note" label="进展情况" rules={mustFill('进展情况')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="fileIds" label="照片 / 材料（可选）">
        <UploadField unitId={r.unitId} allow="any" onBusyChange={onBusy} />
      </Form.Item>
      <Form.Item name="done" valuePropName="checked">
        <Checkbox>该节点已完成</Checkbox>
      </Form.Item>
    </>
  );
}

export const recordForms: ActionForms<'edit' | 'add_progress'> = {
  edit: {
    label: HAZARD_ACTION_LABELS.edit,
    submitText: '保存修改',
    tone: 'default',
    order: 12,
    wide: true,
    changesOnly: true,
    rules: ({ record }) =>
      record.registeredAt
        ? '只提交您改动的内容。整改时限只能通过延期申请变更；照片和整改计划节点只能追加，不能删除。'
        : '只提交您改动的内容；照片只能追加。整改五落实在登记时填写。',
    initialValues: editValues,
    body: editBody,
    Fields: EditFields,
  },
  add_progress: {
    label: HAZARD_ACTION_LABELS.add_progress,
    submitText: '提交进展',
    tone: 'default',
    order: 7,
    rules: ({ record }) =>
      record.plan.length ? '选择整改计划中的节点，填写进展；该节点完成时请勾选“已完成”。' : '尚无整改计划节点：请先通过“修改”追加整改计划。',
    initialValues: (r) => {
      const next = r.plan.findIndex((m) => m.doneAt === null);
      return { milestoneIndex: next >= 0 ? next : undefined, done: false };
    },
    body: (v) => ({
      // The select offers only the plan's indexes; -1 lets the server name the field should none be chosen.
      milestoneIndex: typeof v.milestoneIndex === 'number' ? v.milestoneIndex : -1,
      note: requiredText(v.note),
      done: v.done === true ? true : undefined,
      fileIds: fileIds(v.fileIds),
    }),
    Fields: ProgressFields,
  },
};
