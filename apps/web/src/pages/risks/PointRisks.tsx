import { Link } from 'react-router';
import { Space, Typography } from 'antd';
import { can } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useRisks } from '../../api/risks';
import { RiskLevelTag } from './riskUi';

/**
 * "A point shows its risks": the active risks of the register attached to one inspection point,
 * each with its level, linking to the risk. All rows of a school share one request (the
 * school's active risks).
 */
export function PointRisks({ point }: { point: { id: string; school: { id: string }; retiredOn?: string | null } }) {
  const me = useMe();
  const readable = can(me.role, 'risk.read');
  const q = useRisks({ unitId: point.school.id, status: 'active' }, 1, 500, readable);
  if (!readable) return null;
  const risks = (q.data?.items ?? []).filter((r) => r.pointId === point.id);
  if (q.isPending) return null;
  if (risks.length === 0) return <Typography.Text type="secondary">未登记风险</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} data-testid="point-risks">
      {risks.map((r) => (
        <Link key={r.id} to={`/risks/${r.id}`} style={{ display: 'inline-flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
          <RiskLevelTag level={r.level} testId="point-risk-level" />
          <span className="xa-wrap">{r.name}</span>
        </Link>
      ))}
    </Space>
  );
}
