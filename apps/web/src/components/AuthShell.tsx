import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { SafetyCertificateFilled } from '@ant-design/icons';

/** The centred card of the login and set-up pages (`wide` for the second-factor enrolment). */
export function AuthShell({ children, subtitle, wide }: { children: ReactNode; subtitle?: string; wide?: boolean }) {
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
      <main style={{ width: '100%', maxWidth: wide ? 480 : 400 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <SafetyCertificateFilled style={{ fontSize: 48, color: '#1677ff' }} />
          <Typography.Title level={1} style={{ margin: '8px 0 4px', fontSize: 24 }}>
            校安 · 学校安全专项整治平台
          </Typography.Title>
          {subtitle && <Typography.Text type="secondary">{subtitle}</Typography.Text>}
        </div>
        <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(22,119,255,0.08)' }}>
          {children}
        </Card>
        <div style={{ textAlign: 'center', marginTop: 16, color: 'rgba(0,0,0,0.6)', fontSize: 12 }}>
          排查 · 登记 · 整改 · 验收 · 销号
        </div>
      </main>
    </div>
  );
}
