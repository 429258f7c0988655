import { Alert, Form, Input, Modal, type ButtonProps } from 'antd';
import { reauthenticate } from '../api/auth';
import { CodeField } from '../components/security/CodeField';
import { useFormSubmit } from '../lib/useFormSubmit';

type Values = { password: string; code?: string };

/** The re-authentication form (loaded when first needed, see ReauthGate). */
export default function ReauthModal({ open, withCode, onDone }: { open: boolean; withCode: boolean; onDone: (ok: boolean) => void }) {
  const [form] = Form.useForm<Values>();
  const { submit, saving, error, setError } = useFormSubmit({
    form,
    submit: (v) => reauthenticate(v.password, withCode ? v.code : undefined),
    onSuccess: () => onDone(true),
    clearOnError: ['code'],
  });

  return (
    <Modal
      title="验证您的身份"
      open={open}
      onOk={() => void submit()}
      onCancel={() => onDone(false)}
      okText="验证并继续"
      okButtonProps={{ 'data-testid': 'reauth-submit' } as ButtonProps}
      confirmLoading={saving}
      maskClosable={false}
      destroyOnHidden
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      zIndex={2000}
    >
      <div data-testid="reauth-modal">
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="这是一项敏感操作"
          description={`重置密码、修改角色、停用账号等操作前，须再次确认是您本人。验证后 5 分钟内无须重复验证。${withCode ? '请输入您的登录密码和动态验证码。' : '请输入您的登录密码。'}`}
        />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="reauth-error" />}
        <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={() => void submit()}>
          <Form.Item name="password" label="您的登录密码" rules={[{ required: true, message: '请输入您的登录密码' }]}>
            <Input.Password autoComplete="current-password" autoFocus data-testid="reauth-password" />
          </Form.Item>
          {withCode && <CodeField testId="reauth-code" />}
          {/* Enter submits the form. */}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </div>
    </Modal>
  );
}
