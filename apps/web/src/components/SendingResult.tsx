import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { LoadingOutlined } from '@ant-design/icons';

/**
 * What a phone shows while a queued submission (随手报, a check) is being sent with its
 * Idempotency-Key: the first attempt, then each automatic retry with the last error, and a
 * button to retry now. `saved` says what is kept on the phone meanwhile.
 */
export function SendingResult({ what, attempt, lastError, saved, onRetry, retryTestId }: { what: ReactNode; attempt: number; lastError?: string | null; saved: string; onRetry: () => void; retryTestId?: string }) {
  return (
    <div className="xa-report">
      <Result
        icon={<LoadingOutlined style={{ color: '#1677ff' }} />}
        title={attempt === 0 ? '正在提交…' : '网络不稳定，正在重新提交'}
        subTitle={
          <div className="xa-wrap">
            <div>{what}</div>
            {attempt > 0 && (
              <div style={{ marginTop: 8 }}>
                已自动重试 {attempt} 次{lastError ? `（${lastError}）` : ''}。{saved}
              </div>
            )}
          </div>
        }
        extra={
          attempt > 0 && (
            <Button type="primary" size="large" onClick={onRetry} data-testid={retryTestId}>
              立即重试
            </Button>
          )
        }
      />
    </div>
  );
}
