import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import { changePassword } from '../api/auth';
import { useMe } from '../auth/session';
import { useFormSubmit } from '../lib/useFormSubmit';
import { ChangePasswordFields } from './security/PasswordFields';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Changing the password ends every session of the user, so the user signs in again. */
export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { submit, saving, error, setError } = useFormSubmit({
    form,
    submit: (v) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      qc.clear();
      message.success('密码已修改，请用新密码重新登录');
      onClose();
      void navigate('/login', { replace: true });
    },
  });

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
