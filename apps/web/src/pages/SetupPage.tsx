import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Result, Spin } from 'antd';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { setupApi, useSetupStatus } from '../api/org';
import { AuthShell } from '../components/AuthShell';
import { PASSWORD_HINT, passwordRule } from '../lib/forms';
import { useFormSubmit } from '../lib/useFormSubmit';

type Values = { bureauName: string; username: string; displayName: string; password: string; confirm: string };

/**
 * Production first start: creates the bureau and the first security administrator
 * (三员分立), who then creates the system and audit administrators and the other accounts.
 */
export default function SetupPage() {
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const status = useSetupStatus();
  const { submit, saving, error } = useFormSubmit({
    form,
    submit: (v) =>
      setupApi.run({ bureauName: v.bureauName.trim(), username: v.username.trim(), displayName: v.displayName.trim(), password: v.password }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: keys.setup });
      message.success('初始化完成，请用刚创建的安全管理员账号登录，并按提示绑定动态验证码');
      void navigate('/login', { replace: true });
    },
  });

  if (status.isPending) {
    return (
      <AuthShell>
        <div style={{ textAlign: 'center', padding: 24 }}>
          <Spin />
        </div>
      </AuthShell>
    );
  }
  if (status.data && !status.data.setupRequired) {
    return (
      <AuthShell>
        <Result
          status="success"
          title="系统已完成初始化"
          subTitle="已有安全管理员，请直接登录。"
          extra={
            <Link to="/login">
              <Button type="primary">去登录</Button>
            </Link>
          }
        />
      </AuthShell>
    );
  }

  return (
    <AuthShell subtitle="首次启动：创建教育局和第一个安全管理员">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="三员分立"
        description="第一个账号是安全管理员，负责账号、角色和密码。登录后，由安全管理员创建系统管理员（单位与导入等设置）、审计管理员（查阅和核验操作日志）以及其他人员账号。首次登录时须绑定手机身份验证器 App（动态验证码）。"
      />
      {status.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorMessage(status.error)} />}
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error} />}
      <Form<Values> form={form} layout="vertical" onFinish={() => void submit()} requiredMark={false}>
        <Form.Item
          name="bureauName"
          label="教育局名称"
          rules={[{ required: true, whitespace: true, message: '请输入教育局名称' }, { min: 2, max: 100, message: '2–100 个字' }]}
        >
          <Input placeholder="例如：常州市天宁区教育局" />
        </Form.Item>
        <Form.Item
          name="username"
          label="安全管理员用户名"
          extra="3–40 位小写字母、数字或 _ . -"
          rules={[
            { required: true, message: '请输入用户名' },
            { pattern: /^[a-z0-9_.-]{3,40}$/, message: '3–40 位小写字母、数字或 _ . -' },
          ]}
        >
          <Input autoComplete="username" autoCapitalize="none" />
        </Form.Item>
        <Form.Item name="displayName" label="安全管理员姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 50 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="password"
          label="密码"
          extra={PASSWORD_HINT}
          rules={[{ required: true, message: '请输入密码' }, passwordRule(() => form.getFieldValue('username') as string | undefined)]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认密码"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({
              validator: async (_, value) => {
                if (value && value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={saving}>
          创建安全管理员并完成初始化
        </Button>
      </Form>
    </AuthShell>
  );
}
