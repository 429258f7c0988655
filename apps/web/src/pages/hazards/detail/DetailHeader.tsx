import { Link } from 'react-router';
import { Space, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { HAZARD_DOMAIN_LABELS, HAZARD_SOURCE_LABELS, pendingExtension } from '@xiaoan/domain';
import type { HazardDetail } from '../../../api/types';
import { PageTitle } from '../../../components/common';
import { GradeTag, HazardStateTag, ListedTag, OverdueTag } from '../../../components/hazard/HazardTags';

/** Back link, title with school and kind, and the state tags. */
export function DetailHeader({ d }: { d: HazardDetail }) {
  const h = d.hazard;
  const open = h.state !== 'closed' && h.state !== 'rejected';
  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/hazards">
          <ArrowLeftOutlined /> 隐患台账
        </Link>
      </div>
      <PageTitle
        title={
          <span style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
            <span className="xa-wrap">{h.title}</span>
          </span>
        }
        sub={
          <span className="xa-wrap">
            {h.school.name}
            {h.unit.id !== h.school.id ? ` · ${h.unit.name}` : ''} · {HAZARD_DOMAIN_LABELS[h.domain]} · {HAZARD_SOURCE_LABELS[h.source]} · 编号 {h.id}
          </span>
        }
      />
      <Space wrap size={[6, 6]} style={{ marginBottom: 12 }}>
        <HazardStateTag state={h.state} testId="hazard-state" />
        <GradeTag grade={h.grade} />
        {h.listed && <ListedTag />}
        {h.overdue && open && <OverdueTag days={h.daysUntilDue} />}
        {h.escalated && <Tag color="orange">已报请政府协调</Tag>}
        {h.fixedOnSpot && <Tag color="cyan">立行立改</Tag>}
        {pendingExtension(d.record) && <Tag color="gold">延期待审批</Tag>}
      </Space>
    </>
  );
}
