import { useParams } from 'react-router';
import { Skeleton } from 'antd';
import { useMeasureOverview } from '../../api/measures';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { TwoLists } from './TwoLists';

/** One school's two lists, opened from the overview by the bureau or a team. */
export default function MeasureSchoolPage() {
  const { schoolId } = useParams();
  const q = useMeasureOverview(schoolId);
  if (q.isPending) return <Skeleton active />;
  if (q.isError) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const school = q.data.items.find((i) => i.schoolId === schoolId);
  return (
    <div>
      <BackLink to="/measures">返回两个清单总览</BackLink>
      <PageTitle title={`${school?.schoolName ?? '学校'} · 两个清单`} sub={school ? `隐患未销号 ${school.hazardsOpen}、已销号 ${school.hazardsClosed}；制度措施 ${school.measuresTotal} 项，逾期 ${school.measuresOverdue} 项` : '该学校不存在或不在您的工作范围内'} />
      {school && <TwoLists schoolId={school.schoolId} />}
    </div>
  );
}
