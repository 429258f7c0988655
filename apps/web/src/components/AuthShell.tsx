import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { SafetyCertificateFilled } from '@ant-design/icons';

/** The centred card of the login and set-up pages. */
export function AuthShell({ children, subtitle }: { children: ReactNode; subtitle?: string }) {
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: '24px 12px',
        boxSizing: 'border-box',
        background: 'linear-gradient(160deg, #e6f4ff 0%, #f5f7fa 55%, #ffffff 100%)',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <SafetyCertificateFilled style={{ fontSize: 48, color: '#1677ff' }} />
          <Typography.Title level={3} style={{ margin: '8px 0 4px' }}>
            校安 · 学校安全专项整治平台
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(22,119,255,0.08)' }}>
          {children}
        </Card>
        <div style={{ textAlign: 'center', marginTop: 16, color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
          排查 · 登记 · 整改 · 验收 · 销号
        </div>
      </div>
    </div>
  );
}
