import { lazy, Suspense, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Space, Tag, Typography, type ButtonProps } from 'antd';
import { KeyOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { disableTotp, renewRecoveryCodes } from '../api/auth';
import { keys } from '../api/keys';
import { useMe } from '../auth/session';
import { PageTitle } from '../components/common';
import { CodeField } from '../components/security/CodeField';
import { RecoveryCodesPanel } from '../components/security/RecoveryCodesPanel';
import { TotpEnrolment } from '../components/security/TotpEnrolment';
import { useFormSubmit } from '../lib/useFormSubmit';
import { useIsMobile } from '../lib/useIsMobile';

const ChangePasswordModal = lazy(() => import('../components/ChangePasswordModal'));

type Dialog = 'bind' | 'renew' | 'unbind' | null;

/** Binding, then the recovery codes once. */
function BindModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const qc = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const close = () => {
    onClose();
    void qc.invalidateQueries({ queryKey: keys.me });
  };
  return (
    <Modal
      title={codes ? '保存恢复码' : '绑定动态验证码'}
      open={open}
      onCancel={close}
      footer={null}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => setCodes(null)}
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} username={me.username} onDone={close} />
      ) : (
        <TotpEnrolment userKey={me.id} onEnabled={(r) => setCodes(r.recoveryCodes)} />
      )}
    </Modal>
  );
}

/** New recovery codes after a current code; the old ones stop working. */
function RenewModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const me = useMe();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ code: string }>();
  const [codes, setCodes] = useState<string[] | null>(null);
  const close = () => {
    onClose();
    void qc.invalidateQueries({ queryKey: keys.me });
  };
  const { submit, saving, error, setError } = useFormSubmit({
    form,
    submit: (v) => renewRecoveryCodes(v.code),
    onSuccess: (r) => setCodes(r.recoveryCodes),
    clearOnError: ['code'],
  });
  return (
    <Modal
      title={codes ? '保存新的恢复码' : '重新生成恢复码'}
      open={open}
      onCancel={close}
      footer={null}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => {
        setCodes(null);
        setError(null);
      }}
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} username={me.username} onDone={close} />
      ) : (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title="生成 10 个新的恢复码，原来的恢复码（包括未用过的）全部作废。" />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
            <CodeField autoFocus testId="renew-code" />
            <Button type="primary" htmlType="submit" block loading={saving} data-testid="renew-submit">
              生成新的恢复码
            </Button>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** Unbinding one's own app: password and a current code. Only for roles that do not require it. */
function UnbindModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; code: string }>();
  const { submit, saving, error, setError } = useFormSubmit({
    form,
    submit: (v) => disableTotp(v.password, v.code),
    onSuccess: async () => {
      message.success('已解除动态验证码绑定');
      await qc.invalidateQueries({ queryKey: keys.me });
      onClose();
    },
    clearOnError: ['code'],
  });
  return (
    <Modal
      title="解除动态验证码"
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="解除绑定"
      okButtonProps={{ danger: true, 'data-testid': 'unbind-submit' } as ButtonProps}
      confirmLoading={saving}
      destroyOnHidden
      afterClose={() => setError(null)}
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="解除后，登录只需密码，恢复码全部作废。" />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
        <Form.Item name="password" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <CodeField />
      </Form>
    </Modal>
  );
}

/** 账号安全: every user's own password, second factor and recovery codes. */
export default function AccountSecurityPage() {
  const me = useMe();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [pwOpen, setPwOpen] = useState(false);
  const [pwLoaded, setPwLoaded] = useState(false);
  const sf = me.secondFactor;
  const fewCodes = sf.enabled && sf.recoveryCodesLeft <= 3;

  return (
    <div style={{ maxWidth: 760 }} data-testid="account-security">
      <PageTitle title="账号安全" sub="登录密码、动态验证码与恢复码" />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card size="small" title="账号">
          <Descriptions size="small" column={isMobile ? 1 : 2}>
            <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
            <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
            <Descriptions.Item label="角色">{me.roleLabel}</Descriptions.Item>
            <Descriptions.Item label="单位">
              <span className="xa-wrap">{me.unit.name}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>

        <Card
          size="small"
          title={
            <span>
              <KeyOutlined /> 登录密码
            </span>
          }
        >
          <Typography.Paragraph style={{ marginBottom: 12 }}>
            密码至少 8 位，含大写字母、小写字母、数字、符号中的三类。修改后，您在所有设备上的登录都会失效，需要用新密码重新登录。
          </Typography.Paragraph>
          <Button
            onClick={() => {
              setPwLoaded(true);
              setPwOpen(true);
            }}
            data-testid="security-change-password"
          >
            修改密码
          </Button>
        </Card>

        <Card
          size="small"
          title={
            <span>
              <SafetyCertificateOutlined /> 动态验证码（身份验证器 App）
            </span>
          }
          extra={
            sf.enabled ? (
              <Tag color="success" data-testid="second-factor-state" data-enabled="true">
                已绑定
              </Tag>
            ) : (
              <Tag data-testid="second-factor-state" data-enabled="false">
                未绑定
              </Tag>
            )
          }
        >
          <Typography.Paragraph style={{ marginBottom: 12 }}>
            {sf.required
              ? `您的角色（${me.roleLabel}）必须使用动态验证码登录，不能解除绑定。更换手机时，请用恢复码登录后联系安全管理员解除绑定，再重新绑定。`
              : '可选。绑定后，登录时除密码外还须输入手机身份验证器 App 中的 6 位动态验证码，即使密码泄露，他人也无法登录。'}
          </Typography.Paragraph>
          {sf.enabled && (
            <Alert
              type={fewCodes ? 'warning' : 'info'}
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="recovery-codes-left"
              title={`剩余恢复码：${sf.recoveryCodesLeft} 个`}
              description={fewCodes ? '恢复码快用完了，请重新生成一组并妥善保存。' : '手机不在身边时，可用恢复码代替动态验证码登录，每个只能用一次。'}
            />
          )}
          <Space wrap>
            {!sf.enabled && (
              <Button type="primary" onClick={() => setDialog('bind')} data-testid="second-factor-bind">
                绑定动态验证码
              </Button>
            )}
            {sf.enabled && (
              <Button onClick={() => setDialog('renew')} data-testid="recovery-renew">
                重新生成恢复码
              </Button>
            )}
            {sf.enabled && !sf.required && (
              <Button danger onClick={() => setDialog('unbind')} data-testid="second-factor-unbind">
                解除绑定
              </Button>
            )}
          </Space>
        </Card>
      </Space>

      <BindModal open={dialog === 'bind'} onClose={() => setDialog(null)} />
      <RenewModal open={dialog === 'renew'} onClose={() => setDialog(null)} />
      <UnbindModal open={dialog === 'unbind'} onClose={() => setDialog(null)} />
      {pwLoaded && (
        <Suspense fallback={null}>
          <ChangePasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
