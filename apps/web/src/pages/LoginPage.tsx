import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, ApiError, errorMessage, request, setCsrfToken } from '../api/client';
import type { Me, SetupStatus } from '../api/types';
import { AuthShell } from '../components/AuthShell';

/** Only same-site paths: "next" must not send the user to another site after login. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

type Values = { username: string; password: string };

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const setup = useQuery({
    queryKey: ['setup'],
    queryFn: ({ signal }) => api.get<SetupStatus>('/api/setup', undefined, signal),
    retry: false,
  });

  useEffect(() => {
    if (setup.data?.setupRequired) void navigate('/setup', { replace: true });
  }, [setup.data, navigate]);

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      const me = await request<Me>('/api/auth/login', { method: 'POST', body: { username: v.username.trim(), password: v.password }, allow401: true });
      setCsrfToken(me.csrfToken);
      qc.clear();
      qc.setQueryData(['me'], me);
      void navigate(safeNext(params.get('next')), { replace: true });
    } catch (e) {
      setError(e as Error);
    } finally {
      setSubmitting(false);
    }
  };

  const locked = error instanceof ApiError && error.code === 'ACCOUNT_LOCKED';
  return (
    <AuthShell subtitle="教育局与学校安全工作平台">
      {setup.data?.setupRequired && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="系统尚未初始化"
          description={<Link to="/setup">请先创建第一个系统管理员</Link>}
        />
      )}
      {setup.data?.demo && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="当前为演示模式，演示账号及密码见服务器启动日志。" />
      )}
      {error && (
        <Alert
          type={locked ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 16 }}
          title={errorMessage(error)}
          data-testid="login-error"
        />
      )}
      <Form<Values> layout="vertical" size="large" onFinish={(v) => void onFinish(v)} requiredMark={false} autoComplete="on">
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
          <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoCapitalize="none" data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Form.Item style={{ marginBottom: 8 }}>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form.Item>
      </Form>
      <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12, textAlign: 'center' }}>忘记密码请联系本单位或教育局的系统管理员重置。</div>
    </AuthShell>
  );
}
