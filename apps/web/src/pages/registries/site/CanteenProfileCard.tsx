import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Switch, Tag, Typography } from 'antd';
import { errorMessage } from '../../../api/client';
import { keys } from '../../../api/keys';
import { siteApi, useCanteenProfile } from '../../../api/site';

/** The school's canteen in one line: whether it runs one and whether it is a 阳光食堂; its admin changes it in place. */
export function CanteenProfileCard({ schoolId }: { schoolId: string }) {
  const q = useCanteenProfile(schoolId);
  const qc = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const p = q.data;
  if (!p) return null;
  const save = async (hasCanteen: boolean, brightKitchen: boolean) => {
    setSaving(true);
    setError(null);
    try {
      const next = await siteApi.saveCanteenProfile({ schoolId, hasCanteen, brightKitchen: hasCanteen && brightKitchen });
      qc.setQueryData(keys.site.profile(schoolId), next);
      await qc.invalidateQueries({ queryKey: keys.site.all });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="site-canteen-profile">
      <Space wrap size={16}>
        <Typography.Text strong>本校食堂</Typography.Text>
        {p.mayEdit ? (
          <>
            <Space size={6}>
              <span id="has-canteen-label">有食堂</span>
              <Switch aria-labelledby="has-canteen-label" checked={p.hasCanteen} loading={saving} onChange={(v) => void save(v, p.brightKitchen)} />
            </Space>
            <Space size={6}>
              <span id="bright-kitchen-label">阳光食堂（明厨亮灶）</span>
              <Switch aria-labelledby="bright-kitchen-label" checked={p.brightKitchen} disabled={!p.hasCanteen} loading={saving} onChange={(v) => void save(p.hasCanteen, v)} />
            </Space>
          </>
        ) : (
          <span>{!p.filled ? <Tag>未填报</Tag> : p.hasCanteen ? (p.brightKitchen ? <Tag color="green">阳光食堂</Tag> : <Tag color="orange">有食堂，未建成阳光食堂</Tag>) : '无食堂'}</span>
        )}
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
    </Card>
  );
}
