import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, InputNumber, Space, Switch } from 'antd';
import { guardApi, type SchoolSecurityT } from '../../../api/guards';
import { keys } from '../../../api/keys';
import { useFormSubmit } from '../../../lib/useFormSubmit';
import { useIsMobile } from '../../../lib/useIsMobile';

type Values = { requiredGuards: number; closedCampus: boolean; alarmLinked: boolean; videoLinked: boolean; escortPostsRequired: number; escortPostsStaffed: number; note: string };

const valuesOf = (s: SchoolSecurityT): Values =>
  s.profile
    ? { requiredGuards: s.profile.requiredGuards, closedCampus: s.profile.closedCampus, alarmLinked: s.profile.alarmLinked, videoLinked: s.profile.videoLinked, escortPostsRequired: s.profile.escortPostsRequired, escortPostsStaffed: s.profile.escortPostsStaffed, note: s.profile.note }
    : { requiredGuards: 2, closedCampus: false, alarmLinked: false, videoLinked: false, escortPostsRequired: 1, escortPostsStaffed: 0, note: '' };

/** The school's security profile (学校安防情况), saved whole by its admin; a stale version is refused and the page re-read. */
export function ProfileFormDrawer({ open, school, onClose }: { open: boolean; school: SchoolSecurityT; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  useEffect(() => {
    if (open) form.setFieldsValue(valuesOf(school));
  }, [open, school, form]);
  const { submit, saving, error } = useFormSubmit<Values, SchoolSecurityT>({
    form,
    submit: (v) => guardApi.putProfile(school.schoolId, { version: school.profile?.version ?? null, ...v, note: v.note ?? '' }),
    onSuccess: async (s) => {
      qc.setQueryData(keys.guards.school(s.schoolId), s);
      await qc.invalidateQueries({ queryKey: keys.guards.all });
      onClose();
    },
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="填报学校安防情况"
      size={isMobile ? '100%' : 480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="profile-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" initialValues={valuesOf(school)} data-testid="profile-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form.Item name="requiredGuards" label="应配专职保安员（人）" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} data-testid="profile-required" />
        </Form.Item>
        <Form.Item name="closedCampus" label="实行封闭化管理" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" aria-label="实行封闭化管理" />
        </Form.Item>
        <Form.Item name="alarmLinked" label="一键式紧急报警与公安联网" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" aria-label="一键式紧急报警与公安联网" />
        </Form.Item>
        <Form.Item name="videoLinked" label="视频监控系统与公安联网" valuePropName="checked">
          <Switch checkedChildren="是" unCheckedChildren="否" aria-label="视频监控系统与公安联网" />
        </Form.Item>
        <Form.Item name="escortPostsRequired" label="应设护学岗（个）" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="escortPostsStaffed" label="护学岗到岗（个）" rules={[{ required: true, message: '请填写' }]}>
          <InputNumber min={0} max={50} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={1000} placeholder="如：改扩建施工期间临时开放侧门" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
