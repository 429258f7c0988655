import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Skeleton, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { enableTotp, startTotpSetup } from '../../api/auth';
import { errorMessage } from '../../api/client';
import type { Me } from '../../api/types';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { useIsMobile } from '../../lib/useIsMobile';
import { CodeField } from './CodeField';
import { keys } from '../../api/keys';

/** The QR code as an image: an SVG in an <img> is only drawn, never run, whatever it contains. */
function qrSrc(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The Base32 secret in groups of four, as people copy it into an app by hand. */
const grouped = (secret: string) => secret.replace(/\s/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;

export type EnrolmentResult = { recoveryCodes: string[]; me: Me };

/**
 * Binding an authenticator app: the server makes a secret (POST /api/auth/totp/setup),
 * shown as a QR code and as text for manual entry; the app's first code
 * (POST /api/auth/totp/enable) binds it and brings the ten recovery codes.
 */
export function TotpEnrolment({ userKey, onEnabled }: { userKey: string; onEnabled: (r: EnrolmentResult) => void }) {
  const [form] = Form.useForm<{ code: string }>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  // One secret per opening: the query is shared by a StrictMode double mount and kept until bound.
  const setup = useQuery({
    queryKey: keys.totpSetup.forUser(userKey),
    queryFn: startTotpSetup,
    staleTime: Infinity,
    gcTime: 10 * 60_000,
    retry: false,
  });

  const { submit, saving, error, setError } = useFormSubmit({
    form,
    submit: (v) => enableTotp(v.code),
    onSuccess: (r) => {
      qc.removeQueries({ queryKey: keys.totpSetup.all });
      onEnabled(r);
    },
    clearOnError: ['code'],
  });

  if (setup.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (setup.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title="无法生成绑定二维码"
        description={errorMessage(setup.error)}
        action={
          <Button size="small" onClick={() => void setup.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  const { secret, qrSvg, otpauthUrl } = setup.data;
  return (
    <div data-testid="totp-enrolment">
      <ol className="xa-steps">
        <li>
          在手机上安装身份验证器 App（如 Microsoft Authenticator、Google Authenticator、腾讯身份验证器，或企业微信、支付宝中的“动态口令”功能）。
        </li>
        <li>
          在 App 中选择“添加账号 / 扫描二维码”，扫描下方二维码。
          <div className="xa-qr">
            <img src={qrSrc(qrSvg)} alt="绑定动态验证码的二维码，用身份验证器 App 扫描" width={188} height={188} data-testid="totp-qr" />
          </div>
          <div style={{ fontSize: 13 }}>
            <Typography.Text type="secondary">无法扫码时，在 App 中选择“手动输入密钥”，输入：</Typography.Text>
            <div className="xa-secret">
              <Typography.Text code copyable={{ text: secret, tooltips: ['复制密钥', '已复制'] }} data-testid="totp-secret">
                {grouped(secret)}
              </Typography.Text>
            </div>
            <Typography.Text type="secondary">类型选“基于时间”，位数 6 位。</Typography.Text>
            {isMobile && otpauthUrl.startsWith('otpauth://') && (
              <div style={{ marginTop: 4 }}>
                <Typography.Link href={otpauthUrl}>验证器 App 装在这部手机上？点此直接添加</Typography.Link>
              </div>
            )}
          </div>
        </li>
        <li>输入 App 中“校安”显示的 6 位数字，完成绑定。</li>
      </ol>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="totp-error" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={() => void submit()}>
        <CodeField allowRecovery={false} label="App 显示的 6 位动态验证码" testId="totp-code" />
        <Button type="primary" size="large" htmlType="submit" block loading={saving} data-testid="totp-enable">
          完成绑定
        </Button>
      </Form>
      <div style={{ textAlign: 'center', marginTop: 8 }}>
        <Button
          type="link"
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => {
            form.resetFields();
            setError(null);
            void setup.refetch();
          }}
        >
          换一个二维码
        </Button>
      </div>
    </div>
  );
}
