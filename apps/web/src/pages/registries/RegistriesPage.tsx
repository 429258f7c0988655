import { Link } from 'react-router';
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useMe } from '../../auth/session';
import { PageTitle } from '../../components/common';
import { REGISTRIES } from './kinds';

const isSchoolSide = (role: string) => role === 'school_admin' || role === 'school_staff';

/** 安全台账: every registry a school keeps (chemicals, buses, guards, buildings, plans, canteen …), one card each. */
export default function RegistriesPage() {
  const me = useMe();
  const shown = REGISTRIES.filter((r) => !r.schoolOnly || isSchoolSide(me.role));
  return (
    <>
      <PageTitle title="安全台账" sub="学校的常备台账：证照到期前 30 天提醒；过期、盘点不符、危房在用等情况由系统自动登记为隐患，并关联到台账记录。" />
      {shown.length === 0 ? (
        <Empty description="暂无台账" />
      ) : (
        <Row gutter={[12, 12]}>
          {shown.map((r) => (
            <Col key={r.path} xs={24} sm={12} lg={8}>
              <Link to={r.path} data-testid="registry-link" aria-label={r.title}>
                <Card size="small" hoverable title={r.title}>
                  <Typography.Text type="secondary">{r.description}</Typography.Text>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}
