import type { ReactNode } from 'react';
import { Empty } from 'antd';

/**
 * A plain full-width message (forbidden, failed to load) for the shell. antd's Result
 * carries large illustrations; the shell stays light without it.
 */
export function Blocked({ title, detail, extra }: { title: string; detail?: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ padding: '48px 16px', textAlign: 'center' }}>
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <div>
            <div style={{ fontSize: 16, fontWeight: 500, color: 'rgba(0,0,0,0.88)', marginBottom: 4 }}>{title}</div>
            {detail && <div style={{ color: 'rgba(0,0,0,0.55)' }}>{detail}</div>}
          </div>
        }
      >
        {extra}
      </Empty>
    </div>
  );
}
