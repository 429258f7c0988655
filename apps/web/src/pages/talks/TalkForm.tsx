import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, DatePicker, Drawer, Empty, Form, Input, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { HAZARD_STATE_LABELS, TALK_LINK_KIND_LABELS, TALK_UNIT_KIND_LABELS, type HazardState, type TalkUnitKind } from '@xiaoan/domain';
import { talkApi, type TalkDetailT, type TalkLinkT } from '../../api/talks';
import { useHazardDetail, useHazardPage } from '../../api/hazards';
import { useDepartments } from '../../api/queries';
import { keys } from '../../api/keys';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useIsMobile } from '../../lib/useIsMobile';
import { useVersionedSave } from '../../lib/useVersionedSave';

type Person = { name: string; post: string };
type Link = { kind: TalkLinkT['kind']; id: string; label: string };

export type TalkFormValues = {
  unitKind: TalkUnitKind;
  unitId?: string;
  heldOn: dayjs.Dayjs;
  status: 'planned' | 'held';
  reason: string;
  interviewees: Person[];
  interviewers: Person[];
  commitments: string[];
  followUpDue?: dayjs.Dayjs | null;
  notes?: string;
  links: Link[];
};

const OPEN: HazardState[] = ['registered', 'rectifying', 'pending_verification'];

/** Picks hazards of the unit talked to from the ledger, by title search or by number; overdue ones first by default. */
function HazardLinks({ unitKind, unitId, value = [], onChange }: { unitKind: TalkUnitKind; unitId?: string; value?: Link[]; onChange?: (v: Link[]) => void }) {
  const [q, setQ] = useState('');
  const [overdueOnly, setOverdueOnly] = useState(true);
  const numeric = /^[0-9]{1,18}$/.test(q.trim());
  const enabled = !!unitId && unitKind !== 'department';
  const filter = {
    ...(unitKind === 'area' ? { areaId: unitId } : { schoolId: unitId }),
    state: OPEN,
    overdue: overdueOnly || undefined,
    q: !numeric && q.trim().length >= 2 ? q.trim() : undefined,
    sort: 'dueDate' as const,
    order: 'asc' as const,
  };
  const page = useHazardPage(enabled ? filter : { schoolId: '0' }, 1, 10);
  const byId = useHazardDetail(enabled && numeric ? q.trim() : undefined);
  const candidates = numeric
    ? byId.data && (unitKind === 'area' || byId.data.hazard.school.id === unitId)
      ? [byId.data.hazard]
      : []
    : enabled
      ? (page.data?.items ?? [])
      : [];
  const has = (id: string) => value.some((l) => l.kind === 'hazard' && l.id === id);
  const add = (h: { id: string; title: string }) => onChange?.([...value, { kind: 'hazard', id: h.id, label: h.title }]);
  const remove = (l: Link) => onChange?.(value.filter((x) => !(x.kind === l.kind && x.id === l.id)));
  return (
    <div data-testid="talk-links">
      {value.length > 0 && (
        <Space wrap style={{ marginBottom: 8 }}>
          {value.map((l) => (
            <Tag key={`${l.kind}:${l.id}`} closable onClose={() => remove(l)} data-testid="talk-link-chosen" style={{ whiteSpace: 'normal' }}>
              {TALK_LINK_KIND_LABELS[l.kind]} #{l.id} {l.label}
            </Tag>
          ))}
        </Space>
      )}
      {!enabled ? (
        <Typography.Text type="secondary">{unitKind === 'department' ? '科室约谈不关联隐患' : '先选择被约谈单位，再从其隐患台账中选择'}</Typography.Text>
      ) : (
        <>
          <Input.Search allowClear placeholder="按隐患编号或标题搜索（至少 2 个字）" value={q} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} data-testid="talk-hazard-search" />
          <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} style={{ marginBottom: 8 }} data-testid="talk-hazard-overdue">
            只看逾期未整改
          </Checkbox>
          <List
            size="small"
            bordered
            loading={numeric ? byId.isFetching : page.isFetching}
            dataSource={candidates}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的隐患" /> }}
            renderItem={(h) => (
              <List.Item
                data-testid="talk-hazard-option"
                actions={[
                  <Button key="add" size="small" type="link" disabled={has(h.id)} onClick={() => add(h)} data-testid="talk-hazard-add">
                    {has(h.id) ? '已关联' : '关联'}
                  </Button>,
                ]}
              >
                <div style={{ minWidth: 0 }}>
                  <div style={{ overflowWrap: 'anywhere' }}>#{h.id} {h.title}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {h.school.name} · {HAZARD_STATE_LABELS[h.state]} · 期限 {h.dueDate ?? '—'} {h.overdue && <Tag color="red">逾期</Tag>}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </>
      )}
    </div>
  );
}

/** A list of people (name and post) with add and remove. */
function People({ name, label, testId }: { name: 'interviewees' | 'interviewers'; label: string; testId: string }) {
  return (
    <Form.Item label={label} required={name === 'interviewers'}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
                <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                  <Input placeholder="姓名" style={{ flex: '1 1 40%', minWidth: 0 }} maxLength={50} data-testid={`${testId}-name-${i}`} />
                </Form.Item>
                <Form.Item name={[f.name, 'post']} noStyle>
                  <Input placeholder="职务" style={{ flex: '1 1 60%', minWidth: 0 }} maxLength={100} data-testid={`${testId}-post-${i}`} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除" />
              </div>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', post: '' })} block data-testid={`${testId}-add`}>
              添加
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

const toBody = (v: TalkFormValues) => ({
  heldOn: v.heldOn.format('YYYY-MM-DD'),
  status: v.status,
  reason: v.reason,
  interviewees: v.interviewees ?? [],
  interviewers: v.interviewers ?? [],
  commitments: (v.commitments ?? []).filter((c) => c && c.trim()),
  followUpDue: v.followUpDue ? v.followUpDue.format('YYYY-MM-DD') : null,
  notes: v.notes ?? '',
  links: (v.links ?? []).map((l) => ({ kind: l.kind, id: l.id })),
});

/** Recording a talk (no `record`) or editing one: the unit talked to, the people, reason, linked hazards, commitments, follow-up date. */
export function TalkFormDrawer({ open, record, onClose, onSaved, me }: { open: boolean; record: TalkDetailT | null; onClose: () => void; onSaved: (d: TalkDetailT) => void; me: { displayName: string } }) {
  const [form] = Form.useForm<TalkFormValues>();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const departments = useDepartments(open);
  const unitKind = Form.useWatch('unitKind', form) ?? 'school';
  const unitId = Form.useWatch('unitId', form);
  const allow = useMemo(() => [unitKind as 'school' | 'area'], [unitKind]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (record) {
      const t = record.talk;
      form.setFieldsValue({
        unitKind: t.unit.kind,
        unitId: t.unit.id,
        heldOn: dayjs(t.heldOn),
        status: t.status === 'planned' ? 'planned' : 'held',
        reason: t.reason,
        interviewees: t.interviewees,
        interviewers: record.interviewers,
        commitments: record.commitments,
        followUpDue: t.followUpDue ? dayjs(t.followUpDue) : null,
        notes: record.notes,
        links: record.links.map((l) => ({ kind: l.kind, id: l.id, label: l.label })),
      });
    } else {
      form.setFieldsValue({
        unitKind: 'school',
        heldOn: dayjs(),
        status: 'held',
        interviewees: [{ name: '', post: '校长' }],
        interviewers: [{ name: me.displayName, post: '' }],
        commitments: [''],
        followUpDue: dayjs().add(30, 'day'),
        links: [],
      });
    }
  }, [open, record, form, me.displayName]);

  const { submit, saving, error } = useVersionedSave<TalkDetailT['talk'], TalkFormValues, TalkDetailT>({
    form,
    record: record?.talk ?? null,
    save: (base, v) =>
      base
        ? talkApi.update(base.id, { ...toBody(v), version: base.version })
        : talkApi.create({ ...toBody(v), unit: v.unitId ? { kind: v.unitKind, id: v.unitId } : undefined }),
    refresh: [keys.talks.all],
    staleMessage: '该约谈已被他人修改，请关闭后重新打开再改',
    fieldMap: { unit: 'unitId' },
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: keys.talks.all });
      onSaved(d);
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={record ? '修改约谈' : '记录约谈'}
      size={mobile ? '100%' : 640}
      destroyOnHidden
      extra={
        <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="talk-save">
          保存
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="talk-form-error" />}
      <Form form={form} layout="vertical" data-testid="talk-form">
        <Form.Item name="unitKind" label="被约谈单位">
          <Segmented
            disabled={!!record}
            options={(['school', 'area', 'department'] as const).map((k) => ({ value: k, label: TALK_UNIT_KIND_LABELS[k] }))}
            onChange={() => form.setFieldsValue({ unitId: undefined, links: [] })}
          />
        </Form.Item>
        <Form.Item name="unitId" rules={[{ required: true, message: '请选择被约谈单位' }]}>
          {unitKind === 'department' ? (
            <Select
              disabled={!!record}
              placeholder="选择科室"
              options={(departments.data?.items ?? []).filter((d) => d.status === 'active').map((d) => ({ value: d.id, label: d.name }))}
              data-testid="talk-department"
            />
          ) : record ? (
            <Select disabled options={[{ value: record.talk.unit.id, label: record.talk.unit.name }]} />
          ) : (
            <UnitTreeSelect allow={allow} placeholder={unitKind === 'area' ? '选择片区' : '选择学校'} id="talk-unit" />
          )}
        </Form.Item>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="heldOn" label="约谈日期" rules={[{ required: true, message: '请选择约谈日期' }]} style={{ flex: '1 1 160px' }}>
            <DatePicker style={{ width: '100%' }} data-testid="talk-held-on" />
          </Form.Item>
          <Form.Item name="status" label="状态" style={{ flex: '1 1 160px' }}>
            <Segmented disabled={record?.talk.status === 'held'} options={[{ value: 'planned', label: '已安排' }, { value: 'held', label: '已约谈' }]} />
          </Form.Item>
        </div>
        <Form.Item name="reason" label="约谈事由" rules={[{ required: true, whitespace: true, message: '请填写约谈事由' }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="talk-reason" />
        </Form.Item>
        <People name="interviewees" label="被约谈人" testId="talk-interviewee" />
        <People name="interviewers" label="约谈人（教育局）" testId="talk-interviewer" />
        <Form.Item name="links" label="关联隐患">
          <HazardLinks unitKind={unitKind} unitId={unitId} />
        </Form.Item>
        <Form.Item label="承诺事项">
          <Form.List name="commitments">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
                    <Form.Item name={f.name} noStyle>
                      <Input placeholder={`承诺事项 ${i + 1}`} maxLength={500} data-testid={`talk-commitment-${i}`} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="删除" />
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block data-testid="talk-commitment-add">
                  添加承诺事项
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item
          name="followUpDue"
          label="回访日期"
          dependencies={['heldOn']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v: dayjs.Dayjs | null | undefined) => {
                const held = getFieldValue('heldOn') as dayjs.Dayjs | undefined;
                return v && held && v.isBefore(held, 'day') ? Promise.reject(new Error('回访日期不能早于约谈日期')) : Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="talk-follow-up-due" />
        </Form.Item>
        <Form.Item name="notes" label="约谈情况记录">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
