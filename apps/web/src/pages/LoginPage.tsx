import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { fetchSession, login, logout, nextStepPath, submitSecondFactor } from '../api/auth';
import { ApiError, errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { useSetupStatus } from '../api/org';
import type { Me } from '../api/types';
import { AuthShell } from '../components/AuthShell';
import { CodeField } from '../components/security/CodeField';
import { validated } from '../lib/forms';

/** Only same-site paths: "next" must not send the user to another site after login. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

type Values = { username: string; password: string };

function LoginError({ error }: { error: unknown }) {
  if (!error) return null;
  const locked = error instanceof ApiError && error.code === 'ACCOUNT_LOCKED';
  return <Alert type={locked ? 'warning' : 'error'} showIcon style={{ marginBottom: 16 }} title={errorMessage(error)} data-testid="login-error" />;
}

/** The second step: the code from the authenticator app, or a recovery code. */
function CodeStep({ me, onDone, onBack }: { me: Me; onDone: (me: Me) => void; onBack: () => void }) {
  const [form] = Form.useForm<{ code: string }>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    if (submitting) return;
    const v = await validated(form);
    if (!v) return;
    setSubmitting(true);
    setError(null);
    try {
      onDone(await submitSecondFactor(v.code));
    } catch (e) {
      setError(e);
      form.setFieldValue('code', '');
      // A session that has gone (expired, or ended elsewhere) starts again from the password.
      if (e instanceof ApiError && (e.status === 401 || e.code === 'CONFLICT')) onBack();
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div data-testid="login-code-step">
      <div style={{ textAlign: 'center', marginBottom: 16 }}>
        <SafetyOutlined style={{ fontSize: 28, color: '#1677ff' }} />
        <Typography.Title level={2} style={{ margin: '8px 0 4px', fontSize: 20 }}>
          输入动态验证码
        </Typography.Title>
        <Typography.Text type="secondary">
          {me.displayName}（{me.roleLabel}）已通过密码验证
        </Typography.Text>
      </div>
      <LoginError error={error} />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <CodeField autoFocus onComplete={() => void submit()} testId="login-code" />
        <Button type="primary" size="large" htmlType="submit" block loading={submitting} data-testid="login-code-submit">
          验证并登录
        </Button>
      </Form>
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        <Button type="link" size="small" onClick={onBack} data-testid="login-back">
          换个账号登录
        </Button>
      </div>
      <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12, textAlign: 'center' }}>
        手机丢失且没有恢复码时，请联系安全管理员解除绑定。
      </div>
    </div>
  );
}

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  // A sign-in waiting for its second factor (after the password, or found on arrival).
  const [pending, setPending] = useState<Me | null>(null);
  const setup = useSetupStatus();

  /** Goes on from wherever the sign-in stands. */
  const proceed = (me: Me) => {
    const path = nextStepPath(me, next);
    if (path === null) {
      setPending(me);
      return;
    }
    qc.clear();
    if (me.authStage === 'full' && !me.mustChangePassword) qc.setQueryData(keys.me, me);
    void navigate(path, { replace: true });
  };

  // Coming back mid-way (a reload on the code step, a page refused with SECOND_FACTOR_REQUIRED): pick up there.
  useEffect(() => {
    const ac = new AbortController();
    fetchSession(ac.signal).then(
      (me) => proceed(me),
      () => {
        /* no session: the password form it is */
      },
    );
    return () => ac.abort();
    // Once, on arrival.
  }, []);

  useEffect(() => {
    if (setup.data?.setupRequired) void navigate('/setup', { replace: true });
  }, [setup.data, navigate]);

  const onFinish = async (v: Values) => {
    setSubmitting(true);
    setError(null);
    try {
      proceed(await login(v.username.trim(), v.password));
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const back = () => {
    setPending(null);
    void logout();
  };

  if (pending) {
    return (
      <AuthShell>
        <CodeStep me={pending} onDone={proceed} onBack={back} />
      </AuthShell>
    );
  }

  return (
    <AuthShell subtitle="教育局与学校安全工作平台">
      {setup.data?.setupRequired && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="系统尚未初始化"
          description={<Link to="/setup">请先创建第一个安全管理员</Link>}
        />
      )}
      {setup.data?.demo && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="当前为演示模式，演示账号及密码见服务器启动日志。" />
      )}
      <LoginError error={error} />
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
      <div style={{ color: 'rgba(0,0,0,0.55)', fontSize: 12, textAlign: 'center' }}>
        忘记密码或手机丢失，请联系本校的学校安全管理员或教育局的安全管理员重置。
      </div>
    </AuthShell>
  );
}
