import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Col, Result, Row, Skeleton, Space } from 'antd';
import { ApiError } from '../../api/client';
import { useHazardDetail } from '../../api/hazards';
import type { HazardDetail } from '../../api/types';
import { QueryError } from '../../components/common';
import { HazardActionModal } from '../../components/hazard/HazardActionModal';
import { orderedActions, type DetailAction } from '../../components/hazard/actions/registry';
import { ActionsBar } from './detail/ActionsBar';
import { DetailAlerts } from './detail/DetailAlerts';
import { DetailHeader } from './detail/DetailHeader';
import { BasicInfoCard, CommitmentsCard, ControlsCard, OriginCard } from './detail/FactsCards';
import { EscalationsCard, ExtensionsCard, ListingsCard, OverdueExplanationsCard } from './detail/HistoryCards';
import { PlanCard, VerificationCard } from './detail/RectificationCards';
import { useDetailCtx } from './detail/shared';
import { TimelineCard } from './detail/TimelineCard';
import { HazardMeasureSection } from './detail/HazardMeasureSection';
import { HazardRiskSection } from './detail/HazardRiskSection';

/** One hazard: header, what needs attention, the actions open to this user, the record's sections, the timeline. */
function Body({ d }: { d: HazardDetail }) {
  const [open, setOpen] = useState<DetailAction | null>(null);
  const ctx = useDetailCtx(d);
  const actions = useMemo(() => orderedActions(d.allowedActions), [d.allowedActions]);

  return (
    <div className="xa-hazard-detail">
      <DetailHeader d={d} />
      <DetailAlerts {...ctx} canExplainOverdue={actions.includes('file_overdue_explanation')} onExplainOverdue={() => setOpen('file_overdue_explanation')} />
      <ActionsBar d={d} actions={actions} onOpen={setOpen} />

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ display: 'flex' }}>
            <BasicInfoCard {...ctx} />
            <HazardMeasureSection d={d} />
            <HazardRiskSection d={d} />
            <OriginCard d={d} />
            <CommitmentsCard {...ctx} />
            <ControlsCard d={d} />
            <PlanCard {...ctx} />
            <VerificationCard {...ctx} />
            <OverdueExplanationsCard {...ctx} />
            <ExtensionsCard {...ctx} />
            <ListingsCard {...ctx} />
            <EscalationsCard {...ctx} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <TimelineCard {...ctx} />
        </Col>
      </Row>
      <HazardActionModal action={open} detail={d} onClose={() => setOpen(null)} userName={ctx.userName} />
    </div>
  );
}

export default function HazardDetailPage() {
  const { id } = useParams();
  const q = useHazardDetail(id);
  if (q.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (q.isError) {
    if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 403) && !q.error.message.startsWith('接口不存在')) {
      return (
        <Result
          status="404"
          title="找不到这条隐患"
          subTitle="它不存在，或不在您的工作范围内。"
          extra={
            <Link to="/hazards">
              <Button type="primary">返回隐患台账</Button>
            </Link>
          }
        />
      );
    }
    return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  }
  return <Body d={q.data} />;
}
