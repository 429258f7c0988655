import { useState } from 'react';
import { Button, Form, Input } from 'antd';

const TOTP = /^[0-9]{6}$/;
const RECOVERY = /^[0-9a-z]{4}-?[0-9a-z]{4}-?[0-9a-z]{4}$/i;

/** A large, centred code input: easy to type on a phone, the digits spaced like the app shows them. */
const bigStyle = { fontSize: 26, letterSpacing: '0.35em', textAlign: 'center', fontVariantNumeric: 'tabular-nums', paddingBlock: 6 } as const;

/**
 * The second-factor code of a form (field `code`): six digits from the authenticator
 * app, or, after "使用恢复码", one of the one-time recovery codes. `onComplete` runs
 * when the sixth digit is typed (the login page submits then).
 */
export function CodeField({
  allowRecovery = true,
  autoFocus,
  onComplete,
  label = '动态验证码',
  testId = 'code-input',
}: {
  allowRecovery?: boolean;
  autoFocus?: boolean;
  onComplete?: () => void;
  label?: string;
  testId?: string;
}) {
  const [recovery, setRecovery] = useState(false);
  const form = Form.useFormInstance();
  const toggle = () => {
    setRecovery(!recovery);
    form.setFieldValue('code', '');
    form.setFields([{ name: 'code', errors: [] }]);
  };
  return (
    <>
      {recovery ? (
        <Form.Item
          name="code"
          label="恢复码"
          extra="绑定时保存的 10 个恢复码之一，形如 k7m2-q9xp-4tfh；每个只能用一次"
          normalize={(v: string) => v.trim().toLowerCase()}
          rules={[
            { required: true, message: '请输入恢复码' },
            { pattern: RECOVERY, message: '恢复码为 12 位字母和数字，形如 k7m2-q9xp-4tfh' },
          ]}
        >
          <Input
            size="large"
            autoFocus
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="xxxx-xxxx-xxxx"
            style={{ ...bigStyle, fontSize: 20, letterSpacing: '0.1em' }}
            data-testid="recovery-code-input"
          />
        </Form.Item>
      ) : (
        <Form.Item
          name="code"
          label={label}
          extra="打开手机上的身份验证器 App，输入“校安”当前显示的 6 位数字"
          normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
          rules={[
            { required: true, message: '请输入 6 位动态验证码' },
            { pattern: TOTP, message: '动态验证码为 6 位数字' },
          ]}
        >
          <Input
            size="large"
            autoFocus={autoFocus}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            placeholder="······"
            style={bigStyle}
            data-testid={testId}
            onChange={(e) => {
              if (onComplete && e.target.value.replace(/\D/g, '').length === 6) setTimeout(onComplete, 0);
            }}
          />
        </Form.Item>
      )}
      {allowRecovery && (
        <div style={{ marginTop: -12, marginBottom: 16 }}>
          <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={toggle} data-testid="use-recovery-code">
            {recovery ? '改用动态验证码' : '手机不在身边？使用恢复码'}
          </Button>
        </div>
      )}
    </>
  );
}
