import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Skeleton, Typography } from 'antd';
import { changePassword, logout, nextStepPath } from '../api/auth';
import { errorMessage } from '../api/client';
import { useSignInSession } from '../auth/pendingSession';
import { AuthShell } from '../components/AuthShell';
import { ChangePasswordFields } from '../components/security/PasswordFields';
import { useFormSubmit } from '../lib/useFormSubmit';
import { safeNext } from './LoginPage';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/**
 * A password set or reset by an administrator must be changed before anything else;
 * the change ends every session, so the user signs in again with the new one.
 */
export default function ForcedPasswordPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const session = useSignInSession(next);
  const me = session.data;

  useEffect(() => {
    if (!me || (me.authStage === 'full' && me.mustChangePassword)) return;
    const path = nextStepPath(me, next);
    void navigate(path ?? `/login?next=${encodeURIComponent(next)}`, { replace: true });
  }, [me, navigate, next]);

  const { submit, saving, error } = useFormSubmit({
    form,
    submit: (v) => changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      qc.clear();
      message.success('密码已修改，请用新密码重新登录');
      void navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    },
  });

  const leave = async () => {
    await logout();
    qc.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <AuthShell subtitle="首次登录：修改密码">
      <div data-testid="forced-password-page">
        {session.isPending ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : session.isError ? (
          <Alert type="error" showIcon title={errorMessage(session.error)} />
        ) : me ? (
          <>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }}>
              请先修改密码
            </Typography.Title>
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 16 }}
              title="您的密码由管理员设置或重置"
              description={`${me.displayName}，为保证只有您本人知道密码，请先设置一个新密码。修改后需用新密码重新登录。`}
            />
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="password-error" />}
            <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
              <ChangePasswordFields username={me.username} />
              <Button type="primary" size="large" htmlType="submit" block loading={saving} data-testid="password-submit">
                修改密码
              </Button>
            </Form>
          </>
        ) : null}
        <div style={{ textAlign: 'center', marginTop: 8 }}>
          <Button type="link" size="small" onClick={() => void leave()}>
            退出登录
          </Button>
        </div>
      </div>
    </AuthShell>
  );
}
