import { Spin } from 'antd';

export function FullPageSpin({ description = '加载中…' }: { description?: string }) {
  return (
    <div style={{ minHeight: '60vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={description}>
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </div>
  );
}
