import { Form, Input } from 'antd';
import { PASSWORD_HINT, passwordRule } from '../../lib/forms';

/**
 * Current password, new password and its repetition, checked against the platform's
 * password policy (the server checks again and its reasons land under the fields).
 */
export function ChangePasswordFields({ username }: { username?: string }) {
  return (
    <>
      <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label="新密码"
        extra={PASSWORD_HINT}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: '请输入新密码' },
          passwordRule(() => username),
          ({ getFieldValue }) => ({
            validator: async (_, value) => {
              if (value && value === getFieldValue('currentPassword')) throw new Error('新密码不能与当前密码相同');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label="确认新密码"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: async (_, value) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的密码不一致');
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
    </>
  );
}
