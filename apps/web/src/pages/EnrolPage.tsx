import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Typography } from 'antd';
import { logout, nextStepPath } from '../api/auth';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import type { Me } from '../api/types';
import { useSignInSession } from '../auth/pendingSession';
import { AuthShell } from '../components/AuthShell';
import { RecoveryCodesPanel } from '../components/security/RecoveryCodesPanel';
import { TotpEnrolment, type EnrolmentResult } from '../components/security/TotpEnrolment';
import { safeNext } from './LoginPage';

/**
 * The first sign-in of a role that must use a second factor: bind an authenticator
 * app, keep the recovery codes, then go on (to the forced password change when the
 * password was set by an administrator).
 */
export default function EnrolPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useSignInSession(next);
  const [result, setResult] = useState<EnrolmentResult | null>(null);
  const me = session.data;

  // Not (or no longer) enrolling: continue wherever this sign-in stands.
  useEffect(() => {
    if (!me || result || me.authStage === 'enrol_second_factor') return;
    void navigate(nextStepPath(me, next) ?? `/login?next=${encodeURIComponent(next)}`, { replace: true });
  }, [me, result, navigate, next]);

  const finish = (fresh: Me) => {
    qc.clear();
    if (fresh.mustChangePassword) {
      void navigate(`/login/change-password?next=${encodeURIComponent(next)}`, { replace: true });
      return;
    }
    qc.setQueryData(keys.me, fresh);
    void navigate(next, { replace: true });
  };

  const leave = async () => {
    await logout();
    qc.clear();
    void navigate('/login', { replace: true });
  };

  return (
    <AuthShell wide subtitle={result ? '保存恢复码' : '首次登录：绑定动态验证码'}>
      <div data-testid="enrol-page">
        {session.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : session.isError ? (
          <Alert type="error" showIcon title={errorMessage(session.error)} />
        ) : result ? (
          <RecoveryCodesPanel codes={result.recoveryCodes} username={result.me.username} onDone={() => finish(result.me)} />
        ) : me ? (
          <>
            <Typography.Title level={2} style={{ marginTop: 0, fontSize: 20 }}>
              绑定动态验证码
            </Typography.Title>
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`“${me.roleLabel}”必须使用动态验证码登录`}
              description={`${me.displayName}，您的账号权限较高，可以查看或管理全区的数据、账号或日志。按照网络安全等级保护的要求，登录时除密码外还须输入手机身份验证器 App 中的 6 位动态验证码。绑定只需一次，约 1 分钟。`}
            />
            <TotpEnrolment userKey={me.id} onEnabled={setResult} />
          </>
        ) : null}
        {!result && (
          <div style={{ textAlign: 'center', marginTop: 8 }}>
            <Button type="link" size="small" onClick={() => void leave()}>
              退出，稍后再绑定
            </Button>
          </div>
        )}
      </div>
    </AuthShell>
  );
}
