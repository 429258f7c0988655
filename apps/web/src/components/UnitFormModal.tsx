import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Divider, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can, inferSchoolKind, SCHOOL_KIND_LABELS, SCHOOL_KINDS, UNIT_KIND_LABELS } from '@xiaoan/domain';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { eduGroupApi, unitApi } from '../api/org';
import { useAllUnits, useEduGroups } from '../api/queries';
import type { CreateUnitBody, Unit, UpdateUnitBody } from '../api/types';
import { useMe } from '../auth/session';
import { blankToNull } from '../lib/forms';
import { useIsMobile } from '../lib/useIsMobile';
import { useVersionedSave } from '../lib/useVersionedSave';

type Values = {
  name: string;
  parentId?: string;
  schoolKind?: Unit['schoolKind'];
  eduGroupId?: string | null;
  address?: string | null;
  principal?: string | null;
  safetyOfficer?: string | null;
  phone?: string | null;
  enrolment?: number | null;
};

export type UnitFormTarget =
  | { mode: 'create'; kind: CreateUnitBody['kind']; parent: Unit }
  | { mode: 'edit'; unit: Unit };

const PARENT_KINDS: Record<Unit['kind'], Unit['kind'][]> = { bureau: [], area: ['bureau'], school: ['bureau', 'area'], campus: ['school'] };

function initialValues(t: UnitFormTarget): Values {
  if (t.mode === 'create') return { name: '', parentId: t.parent.id };
  const u = t.unit;
  return {
    name: u.name,
    parentId: u.parentId ?? undefined,
    schoolKind: u.schoolKind,
    eduGroupId: u.eduGroup?.id ?? null,
    address: u.address,
    principal: u.principal,
    safetyOfficer: u.safetyOfficer,
    phone: u.phone,
    enrolment: u.enrolment,
  };
}

/** Only what changed goes to the server (a school admin may not even send an unchanged name). */
function diff(before: Values, after: Values): Partial<Values> {
  const out: Partial<Values> = {};
  for (const k of Object.keys(after) as (keyof Values)[]) {
    const a = after[k] ?? null;
    const b = before[k] ?? null;
    if (a !== b) (out as Record<string, unknown>)[k] = a;
  }
  return out;
}

/** Create or edit an area, school or campus. */
export function UnitFormModal({ target, onClose, onSaved }: { target: UnitFormTarget | null; onClose: () => void; onSaved?: (u: Unit) => void }) {
  const me = useMe();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [newGroup, setNewGroup] = useState('');
  const kind: Unit['kind'] | undefined = target ? (target.mode === 'create' ? target.kind : target.unit.kind) : undefined;
  const isSchool = kind === 'school';
  const hasContacts = kind === 'school' || kind === 'campus';
  const units = useAllUnits();
  const eduGroups = useEduGroups(!!target && isSchool);

  // A school admin keeps its school's identity as the bureau registered it.
  const identityLocked = me.role === 'school_admin' && kind !== 'campus';
  const canMove = target?.mode === 'edit' && me.role !== 'school_admin' && kind !== 'area' && kind !== 'bureau';

  const parentOptions = useMemo(() => {
    if (!kind) return [];
    const allowed = PARENT_KINDS[kind];
    return (units.data ?? [])
      .filter((u) => allowed.includes(u.kind) && (u.status === 'active' || (target?.mode === 'edit' && u.id === target.unit.parentId)))
      .map((u) => ({ value: u.id, label: `${UNIT_KIND_LABELS[u.kind]} · ${u.name}` }));
  }, [units.data, kind, target]);

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(initialValues(target));
    }
  }, [target, form]);

  const title = !target
    ? ''
    : target.mode === 'create'
      ? `新增${UNIT_KIND_LABELS[target.kind]}（上级：${target.parent.name}）`
      : `编辑${UNIT_KIND_LABELS[target.unit.kind]}`;

  const addEduGroup = async () => {
    const name = newGroup.trim();
    if (!name) return;
    try {
      const g = await eduGroupApi.create({ name });
      setNewGroup('');
      await qc.invalidateQueries({ queryKey: keys.eduGroups.all });
      if (g?.id) form.setFieldValue('eduGroupId', g.id);
      message.success(`已新增教育集团“${name}”`);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  const { submit, saving, error, setError } = useVersionedSave({
    form,
    record: target?.mode === 'edit' ? target.unit : null,
    save: async (current, raw): Promise<Unit | null> => {
      const values = blankToNull(raw);
      if (!current) {
        if (target?.mode !== 'create') return null;
        // Empty fields are left out rather than sent as null (the server's coercion turns a null into "" or 0).
        const body: CreateUnitBody = { kind: target.kind, parentId: target.parent.id, name: values.name };
        if (isSchool) {
          if (values.schoolKind) body.schoolKind = values.schoolKind;
          if (values.eduGroupId) body.eduGroupId = values.eduGroupId;
        }
        if (hasContacts) {
          if (values.address) body.address = values.address;
          if (values.principal) body.principal = values.principal;
          if (values.safetyOfficer) body.safetyOfficer = values.safetyOfficer;
          if (values.phone) body.phone = values.phone;
          if (values.enrolment !== null && values.enrolment !== undefined) body.enrolment = values.enrolment;
        }
        const saved = await unitApi.create(body);
        message.success(`已新增${UNIT_KIND_LABELS[target.kind]}“${saved.name}”`);
        return saved;
      }
      const changes = diff(initialValues({ mode: 'edit', unit: current }), values);
      // Nothing changed: nothing to send.
      if (Object.keys(changes).length === 0) return null;
      const saved = await unitApi.update(current.id, { version: current.version, ...changes } as UpdateUnitBody);
      message.success('已保存');
      return saved;
    },
    onSuccess: async (saved) => {
      if (saved) {
        await qc.invalidateQueries({ queryKey: keys.units.all });
        await qc.invalidateQueries({ queryKey: keys.teams.all });
        onSaved?.(saved);
      }
      onClose();
    },
    refresh: [keys.units.all],
    staleMessage: '该记录刚被他人修改。表单已更新为最新内容，并保留了您的修改，请核对后再次保存。',
    reload: {
      fetch: (u) => unitApi.get(u.id),
      // Put only this user's own edits on top of the version someone else saved.
      merge: (fresh, before, raw) => {
        const mine = diff(initialValues({ mode: 'edit', unit: before }), blankToNull(raw));
        form.setFieldsValue({ ...initialValues({ mode: 'edit', unit: fresh }), ...mine });
      },
    },
  });
  useEffect(() => setError(null), [target, setError]);

  return (
    <Modal
      title={title}
      open={!!target}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="保存"
      confirmLoading={saving}
      width={isMobile ? '100%' : 640}
      style={isMobile ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : undefined}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {identityLocked && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="校名、类别、归属由教育局维护；您可以修改本校的联系信息。" />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        onValuesChange={(changed: Partial<Values>) => {
          // Suggest the school kind from the name (…幼儿园, …小学) until the user picks one.
          if (target?.mode === 'create' && isSchool && changed.name !== undefined && !form.isFieldTouched('schoolKind')) {
            form.setFieldValue('schoolKind', inferSchoolKind(changed.name) ?? undefined);
          }
        }}
      >
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 100, message: '不超过 100 个字' }]}
        >
          <Input disabled={identityLocked} placeholder={kind === 'area' ? '例如：城区片区' : kind === 'campus' ? '例如：华润小学东校区' : '例如：常州市华润小学'} />
        </Form.Item>
        {canMove && (
          <Form.Item name="parentId" label="上级单位" rules={[{ required: true, message: '请选择上级单位' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={parentOptions} loading={units.isPending} />
          </Form.Item>
        )}
        {isSchool && (
          <Form.Item name="schoolKind" label="学校类别" extra={target?.mode === 'create' ? '根据校名自动推断，可修改' : undefined}>
            <Select
              allowClear
              disabled={identityLocked}
              placeholder="请选择"
              options={SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }))}
            />
          </Form.Item>
        )}
        {isSchool && (
          <Form.Item name="eduGroupId" label="教育集团" extra={eduGroups.isError ? errorMessage(eduGroups.error) : undefined}>
            <Select
              allowClear
              disabled={identityLocked}
              placeholder="不属于教育集团可不填"
              loading={eduGroups.isPending}
              options={(eduGroups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))}
              notFoundContent="暂无教育集团"
              popupRender={(menu) =>
                can(me.role, 'edu_group.manage') ? (
                  <>
                    {menu}
                    <Divider style={{ margin: '8px 0' }} />
                    <Space.Compact style={{ width: '100%', padding: '0 8px 4px' }}>
                      <Input
                        placeholder="新教育集团名称"
                        value={newGroup}
                        onChange={(e) => setNewGroup(e.target.value)}
                        onKeyDown={(e) => e.stopPropagation()}
                      />
                      <Button icon={<PlusOutlined />} onClick={() => void addEduGroup()}>
                        新增
                      </Button>
                    </Space.Compact>
                  </>
                ) : (
                  menu
                )
              }
            />
          </Form.Item>
        )}
        {hasContacts && (
          <>
            <Form.Item name="address" label="地址" rules={[{ max: 200, message: '不超过 200 个字' }]}>
              <Input />
            </Form.Item>
            <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 16 }}>
              <Form.Item name="principal" label="校长（园长）" rules={[{ max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="safetyOfficer" label="安全管理员" rules={[{ max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="phone" label="联系电话" rules={[{ max: 30 }]}>
                <Input inputMode="tel" />
              </Form.Item>
              <Form.Item name="enrolment" label="在校人数">
                <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </div>
          </>
        )}
      </Form>
    </Modal>
  );
}
