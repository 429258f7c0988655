import { useQueryClient } from '@tanstack/react-query';
import { Descriptions, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import { keys } from '../../api/keys';
import { schoolImport } from '../../api/org';
import type { SchoolImportPreview } from '../../api/types';
import { PageTitle } from '../../components/common';
import { ExcelUploadRow, ImportCheckCard, ImportDoneCard, ImportErrorAlert, problemColumn, useExcelImport } from '../../components/ExcelImport';

const EXPECTED: { header: string; required?: boolean; note: string }[] = [
  { header: '学校名称', required: true, note: '全称，例如“常州市华润小学”；已存在的同名学校将被更新' },
  { header: '类别', note: '幼儿园、小学、初中、高中、九年一贯制、职业学校、特殊教育学校、校外培训机构' },
  { header: '片区', note: '所属片区名称；不存在的片区会新建' },
  { header: '督查小组', note: '负责的督查小组名称，可填多个' },
  { header: '地址', note: '' },
  { header: '校长', note: '' },
  { header: '安全管理员', note: '' },
  { header: '联系电话', note: '' },
  { header: '在校人数', note: '整数' },
  { header: '教育集团', note: '所属教育集团名称' },
];

type Row = SchoolImportPreview['rows'][number];

export default function ImportPage() {
  const qc = useQueryClient();
  const imp = useExcelImport({
    preview: schoolImport.preview,
    commit: schoolImport.commit,
    onCommitted: async () => {
      await qc.invalidateQueries({ queryKey: keys.units.all });
      await qc.invalidateQueries({ queryKey: keys.teams.all });
      await qc.invalidateQueries({ queryKey: keys.eduGroups.all });
    },
  });
  const { preview, result, errors } = imp;

  const rowColumns: TableColumnsType<Row> = [
    { title: '行号', dataIndex: 'row', width: 64, fixed: 'left' },
    { title: '学校名称', dataIndex: 'name', width: 200 },
    { title: '类别', dataIndex: 'schoolKind', width: 110, render: (k: Row['schoolKind']) => (k ? SCHOOL_KIND_LABELS[k] : '—') },
    { title: '片区', dataIndex: 'areaName', width: 110, render: (a: string | null) => a ?? '—' },
    { title: '督查小组', dataIndex: 'teamNames', width: 160, render: (t: string[]) => (t.length ? t.join('、') : '—') },
    {
      title: '处理',
      dataIndex: 'action',
      width: 80,
      render: (a: Row['action']) => (a === 'create' ? <Tag color="green">新增</Tag> : <Tag color="blue">更新</Tag>),
    },
    problemColumn<Row>(errors, 220),
  ];

  const canCommit = !!preview && errors.length === 0 && preview.rows.length > 0 && !result;

  return (
    <div>
      <PageTitle title="导入学校" sub="用 Excel 名单批量新增或更新学校，并分配片区和督查小组" />
      <ExcelUploadRow
        busy={imp.busy !== null}
        file={imp.file}
        readingText={imp.busy === 'preview' ? '正在检查文件…' : '点击或拖动 .xlsx 文件到这里'}
        hint="先预览检查，确认无误后再导入，不会直接写入"
        onFile={imp.choose}
        requirements={
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              第一个工作表，第一行为表头，每行一所学校。可以识别以下列名（顺序不限）：
            </Typography.Paragraph>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {EXPECTED.map((c) => (
                <li key={c.header} style={{ marginBottom: 4 }}>
                  <Typography.Text strong>{c.header}</Typography.Text>
                  {c.required && <Tag color="red" style={{ marginInlineStart: 6 }}>必填</Tag>}
                  {c.note && <Typography.Text type="secondary">：{c.note}</Typography.Text>}
                </li>
              ))}
            </ul>
          </>
        }
      />

      <ImportErrorAlert error={imp.error} />

      {result && (
        <ImportDoneCard
          subTitle={`新增学校 ${result.created} 所，更新 ${result.updated} 所，新建片区 ${result.areasCreated} 个，督查小组分配 ${result.assignments} 条。`}
          to="/org/schools"
          linkText="查看学校列表"
          onReset={imp.reset}
        />
      )}

      {preview && !result && (
        <ImportCheckCard<Row>
          title={`2. 检查结果（工作表“${preview.sheetName}”）`}
          stats={[
            { title: '新增学校', value: preview.summary.create, suffix: '所' },
            { title: '更新学校', value: preview.summary.update, suffix: '所' },
            { title: '新建片区', value: preview.summary.newAreas.length, suffix: '个' },
            { title: '错误', value: errors.length, suffix: '处', danger: errors.length > 0 },
          ]}
          details={
            <>
              {preview.summary.newAreas.length > 0 && (
                <Descriptions size="small" style={{ marginBottom: 12 }}>
                  <Descriptions.Item label="将新建的片区">{preview.summary.newAreas.join('、')}</Descriptions.Item>
                </Descriptions>
              )}
              <Descriptions size="small" style={{ marginBottom: 12 }}>
                <Descriptions.Item label="识别的列">
                  <Space wrap size={[4, 4]}>
                    {preview.columns.map((c, i) => (
                      <Tag key={i} color={c.field ? 'blue' : undefined}>
                        {c.header}
                        {!c.field && '（未使用）'}
                      </Tag>
                    ))}
                  </Space>
                </Descriptions.Item>
              </Descriptions>
            </>
          }
          errors={errors}
          errorText={`发现 ${errors.length} 处错误，请在 Excel 中修改后重新上传；有错误时不能导入。`}
          okText={preview.rows.length > 0 ? '检查通过，可以导入。' : null}
          warnings={preview.warnings}
          errorColumnWidth={110}
          columns={rowColumns}
          rows={preview.rows}
          scrollX={950}
          canCommit={canCommit}
          committing={imp.busy === 'commit'}
          onCommit={() => void imp.commit()}
        />
      )}
    </div>
  );
}
