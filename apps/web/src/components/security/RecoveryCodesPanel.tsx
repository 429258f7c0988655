import { App, Alert, Button, Space } from 'antd';
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { dateTimeSeconds } from '../../lib/format';

/** Copies text, also where the async clipboard is missing (plain-http intranet servers). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  ta.remove();
  return ok;
}

function fileText(codes: string[], username: string): string {
  const when = dateTimeSeconds(new Date().toISOString());
  return [
    '校安 · 学校安全专项整治平台 —— 动态验证码恢复码',
    `账号：${username}`,
    `生成时间：${when}`,
    '',
    '手机丢失或无法使用身份验证器 App 时，可在登录时用以下任一恢复码代替动态验证码。',
    '每个恢复码只能使用一次；重新生成后，这些恢复码全部作废。',
    '',
    ...codes.map((c, i) => `${String(i + 1).padStart(2, ' ')}. ${c}`),
    '',
  ].join('\r\n');
}

/**
 * The ten one-time recovery codes, shown once: copy or download them, then confirm
 * (`onDone`) to go on.
 */
export function RecoveryCodesPanel({
  codes,
  username,
  onDone,
  doneText = '我已保存',
}: {
  codes: string[];
  username: string;
  onDone: () => void;
  doneText?: string;
}) {
  const { message } = App.useApp();
  const copy = async () => {
    if (await copyText(codes.join('\n'))) message.success('已复制恢复码');
    else message.error('无法访问剪贴板，请点“下载”保存为文件，或手工抄写');
  };
  const download = () => {
    const blob = new Blob(['\uFEFF', fileText(codes, username)], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `校安恢复码-${username}.txt`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div data-testid="recovery-codes">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="请立即保存这 10 个恢复码"
        description="手机丢失或无法使用身份验证器 App 时，可用恢复码代替动态验证码登录，每个只能用一次。恢复码只显示这一次，请复制或下载后保存在安全的地方（不要和手机放在一起）。"
      />
      <ol className="xa-recovery-codes" aria-label="恢复码">
        {codes.map((c) => (
          <li key={c} data-testid="recovery-code">
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="recovery-copy">
          复制
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="recovery-download">
          下载
        </Button>
      </Space>
      <Button type="primary" size="large" block onClick={onDone} data-testid="recovery-saved">
        {doneText}
      </Button>
    </div>
  );
}
