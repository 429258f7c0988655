import { useState } from 'react';
import { App, Button, Card, Descriptions, Empty, Select, Skeleton, Space, Table, Tabs, Tag } from 'antd';
import { EditOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { can } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { downloadDocument } from '../../api/reports';
import { scoresXlsxPath, useSchemes, useSchoolCard, type SchemeT } from '../../api/assessment';
import { PageTitle, QueryError } from '../../components/common';
import { useUrlState } from '../../lib/useUrlState';
import { SchemeEditor } from './SchemeEditor';
import { ScoresTable } from './ScoresTable';
import { SchoolCardView } from './SchoolCardView';
import { SelfAssessmentForm } from './SelfAssessmentForm';
import { SelfReviewList } from './SelfReviewList';

/*
 * 年度综合考核: for the bureau (and teams, leaders) the ranking with each school's evidence, the
 * scheme and its editor, the export, and the review of the schools' self-assessments; for a
 * school its own score card and its standardisation self-assessment (标准化创建).
 */

export default function AssessmentPage() {
  const me = useMe();
  const { message } = App.useApp();
  const schemes = useSchemes();
  const { values, set } = useUrlState(['scheme', 'tab'] as const);
  const [editing, setEditing] = useState<SchemeT | 'new' | null>(null);
  const [downloading, setDownloading] = useState(false);
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const thisYear = new Date().getFullYear();

  if (schemes.error) return <QueryError error={schemes.error} onRetry={() => void schemes.refetch()} />;
  if (!schemes.data) return <Skeleton active />;
  const items = schemes.data.items;
  const scheme = items.find((s) => s.id === values.scheme) ?? items[0] ?? null;
  const mayCreate = can(me.role, 'assessment.manage') && !schoolSide;

  const download = async () => {
    if (!scheme) return;
    setDownloading(true);
    try {
      const name = await downloadDocument(scoresXlsxPath(scheme.id), `${scheme.name}考核结果.xlsx`);
      void message.success(`已下载 ${name}`);
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setDownloading(false);
    }
  };

  const header = (
    <Space wrap>
      {items.length > 1 && (
        <Select value={scheme?.id} style={{ width: 220 }} onChange={(v) => set({ scheme: v })} options={items.map((s) => ({ value: s.id, label: `${s.year}年度：${s.name}` }))} />
      )}
      {scheme && !schoolSide && (
        <Button icon={<FileExcelOutlined />} loading={downloading} onClick={() => void download()} data-testid="assessment-export">
          导出 Excel
        </Button>
      )}
      {scheme?.allowedActions.includes('edit') && (
        <Button icon={<EditOutlined />} onClick={() => setEditing(scheme)} data-testid="scheme-edit">
          修改方案
        </Button>
      )}
      {mayCreate && !items.some((s) => s.year === thisYear) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="scheme-new">
          新建{thisYear}年度方案
        </Button>
      )}
    </Space>
  );

  return (
    <div>
      <PageTitle title="年度综合考核" sub={schoolSide ? '本校考核得分与标准化创建自评' : '考核方案、各校得分与排名、标准化创建自评审核'} extra={header} />
      {!scheme ? (
        <Card>
          <Empty description={mayCreate ? '还没有考核方案，请新建本年度方案' : '教育局尚未发布考核方案'} />
        </Card>
      ) : schoolSide ? (
        <SchoolSide scheme={scheme} />
      ) : (
        <Tabs
          activeKey={values.tab ?? 'ranking'}
          onChange={(k) => set({ tab: k })}
          items={[
            { key: 'ranking', label: '得分排名', children: <ScoresTable scheme={scheme} /> },
            ...(scheme.allowedActions.includes('review') || me.role === 'team_member' || me.role === 'bureau_leader'
              ? [{ key: 'self', label: '自评审核', children: <SelfReviewList schemeId={scheme.id} /> }]
              : []),
            { key: 'scheme', label: '考核方案', children: <SchemeView scheme={scheme} /> },
          ]}
        />
      )}
      {editing && (
        <SchemeEditor
          scheme={editing === 'new' ? null : editing}
          catalogue={schemes.data.catalogue}
          year={thisYear}
          onClose={(saved) => {
            setEditing(null);
            if (saved) set({ scheme: saved.id });
          }}
        />
      )}
    </div>
  );
}

function SchoolSide({ scheme }: { scheme: SchemeT }) {
  const card = useSchoolCard(scheme.id, undefined);
  if (card.error) return <QueryError error={card.error} onRetry={() => void card.refetch()} />;
  if (!card.data) return <Skeleton active />;
  return (
    <Tabs
      items={[
        { key: 'card', label: '考核得分', children: <SchoolCardView card={card.data} showRank={false} /> },
        ...(scheme.allowedActions.includes('self') ? [{ key: 'self', label: '标准化创建自评', children: <SelfAssessmentForm card={card.data} /> }] : []),
      ]}
    />
  );
}

function SchemeView({ scheme }: { scheme: SchemeT }) {
  return (
    <Card>
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="年度">{scheme.year}</Descriptions.Item>
        <Descriptions.Item label="总分">{scheme.totalPoints}</Descriptions.Item>
        <Descriptions.Item label="指标">{scheme.indicators.length} 项</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={scheme.indicators}
        columns={[
          { title: '指标', dataIndex: 'name' },
          { title: '类型', dataIndex: 'kind', render: (k: string) => (k === 'manual' ? <Tag>手工评分</Tag> : <Tag color="blue">平台数据</Tag>) },
          { title: '分值', dataIndex: 'weight' },
          { title: '口径', dataIndex: 'definition', render: (v: string | null) => v ?? '—' },
          { title: '评分规则', dataIndex: 'ruleText' },
        ]}
      />
    </Card>
  );
}
