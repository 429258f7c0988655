import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { changePassword } from '../api/auth';
import { errorMessage } from '../api/client';
import { useMe } from '../auth/session';
import { showFieldErrors, validated } from '../lib/forms';
import { ChangePasswordFields } from './security/PasswordFields';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Changing the password ends every session of the user, so the user signs in again. */
export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await changePassword(v.currentPassword, v.newPassword);
      qc.clear();
      message.success('密码已修改，请用新密码重新登录');
      onClose();
      void navigate('/login', { replace: true });
    } catch (e) {
      if (!showFieldErrors(form, e)) setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="修改密码"
      open={open}
      onOk={() => void submit()}
      onCancel={onClose}
      okText="确认修改"
      confirmLoading={saving}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
    >
      <Alert type="info" showIcon title="修改后，您在所有设备上的登录都会失效，需要用新密码重新登录。" style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" preserve={false} requiredMark={false}>
        <ChangePasswordFields username={me.username} />
      </Form>
    </Modal>
  );
}
