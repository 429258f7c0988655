import { useParams } from 'react-router';
import { useSchoolSecurity } from '../../../api/guards';
import { BackLink, PageTitle } from '../../../components/common';
import { SchoolSecurityView } from './SchoolSecurityView';

/** One school's security profile and guards (the drill-down of the four 100 % indicators and of the guards overview). */
export default function SchoolSecurityPage() {
  const { schoolId = '' } = useParams();
  const s = useSchoolSecurity(schoolId);
  return (
    <div data-testid="school-security-page">
      <BackLink to="/registries/guards">保安员台账</BackLink>
      <PageTitle title={s.data ? `${s.data.schoolName} · 安防情况` : '学校安防情况'} sub={s.data?.areaName} />
      <SchoolSecurityView schoolId={schoolId} />
    </div>
  );
}
