import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, type HazardDomain } from '@xiaoan/domain';
import { checklistImport, type ChecklistImportPreview, type ChecklistImportQuery } from '../../api/imports';
import { inspectionApi } from '../../api/inspections';
import { keys } from '../../api/keys';
import { useMe } from '../../auth/session';
import { BackLink, PageTitle, dash } from '../../components/common';
import { ColumnMapping, duplicateFields, ImportSteps, mappingStepProps, useColumnMapping } from '../../components/ColumnMapping';
import { ExcelUploadRow, ImportCheckCard, ImportDoneCard, ImportErrorAlert, problemColumn, useExcelImport } from '../../components/ExcelImport';

/*
 * 导入检查表: a school's or bureau's existing checklist (.xlsx: 项目 / 检查内容 / 检查标准 /
 * 依据 / 分值 and their variants) into the checklist library, as a new checklist of the
 * user's unit or a new version of one it owns. Upload, correct the columns, review the
 * items (nothing is written), then import.
 */

type Item = ChecklistImportPreview['items'][number];
type Mode = 'new' | 'version';

const domainOptions = HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }));
const FALLBACK_FIELDS = [
  { field: 'group', label: '项目' },
  { field: 'text', label: '检查内容' },
  { field: 'standard', label: '检查标准' },
  { field: 'basis', label: '依据' },
  { field: 'weight', label: '分值' },
  { field: 'code', label: '编号' },
];

export default function ChecklistImportPage() {
  const me = useMe();
  const qc = useQueryClient();
  const [mode, setMode] = useState<Mode>('new');
  const [checklistId, setChecklistId] = useState<string | undefined>();
  const [title, setTitle] = useState('');
  const [domain, setDomain] = useState<HazardDomain | undefined>();
  const own = useQuery({ queryKey: keys.checklists.list({}), queryFn: ({ signal }) => inspectionApi.checklists({}, signal) });
  const ownOptions = (own.data?.items ?? []).filter((c) => c.owner.id === me.unit.id).map((c) => ({ value: c.id, label: `${c.title}（第${c.versionNo}版，${c.itemCount} 项）` }));

  // What the file becomes: the preview reads it with the target; the commit adds what the user set after the check.
  const target = (): ChecklistImportQuery => (mode === 'version' && checklistId ? { checklistId } : {});
  const mapping = useColumnMapping();
  const imp = useExcelImport({
    preview: (form: FormData) => checklistImport.preview(target(), form),
    commit: (form: FormData) => {
      const p = imp.preview!;
      const query: ChecklistImportQuery = p.target.checklistId
        ? { checklistId: p.target.checklistId, version: p.target.version ?? undefined }
        : { title: title.trim() || p.target.title, ...(domain ?? p.target.domain ? { domain: (domain ?? p.target.domain)! } : {}) };
      return checklistImport.commit(query, form);
    },
    onPreview: (p) => {
      mapping.fromPreview(p.columnMatches ?? p.columns);
      setTitle((t) => t || p.target.title);
      setDomain((d) => d ?? p.target.domain ?? undefined);
    },
    onReset: mapping.reset,
    onCommitted: () => qc.invalidateQueries({ queryKey: keys.checklists.all }),
  });
  const { file, preview, errors } = imp;
  const done = imp.result;
  const items = preview?.items ?? [];
  const isNew = preview ? preview.target.checklistId === null : mode === 'new';
  const mapped = new Set(Object.values(mapping.value).filter(Boolean));
  const missing = preview && !mapped.has('text') ? ['检查内容'] : [];
  const needsDomain = isNew && !domain;
  const canCommit = !!preview && !mapping.dirty && errors.length === 0 && items.length > 0 && done === null && duplicateFields(mapping.value).length === 0 && !needsDomain;
  const step = done !== null ? 3 : preview ? (mapping.dirty ? 1 : 2) : 0;

  const resetTo = (f: () => void) => {
    f();
    setTitle('');
    setDomain(undefined);
    imp.reset();
  };

  const columns: TableColumnsType<Item> = [
    { title: '行号', dataIndex: 'row', width: 64 },
    { title: '编号', dataIndex: 'code', width: 80 },
    { title: '检查内容', dataIndex: 'text', width: 260, render: (v: string) => <span className="xa-wrap">{v}</span> },
    { title: '检查标准', dataIndex: 'standard', width: 260, render: (v: string) => dash(v && <span className="xa-wrap">{v}</span>) },
    { title: '依据', dataIndex: 'basis', width: 180, render: (v: string) => dash(v && <span className="xa-wrap">{v}</span>) },
    { title: '分值', dataIndex: 'weight', width: 64 },
    problemColumn<Item>(errors, 220),
  ];

  const stats = preview && [
    { title: '检查项', value: items.length, suffix: '项' },
    ...(preview.target.checklistId
      ? [
          { title: '新增', value: preview.target.added, suffix: '项' },
          { title: '删去', value: preview.target.removed, suffix: '项' },
          { title: '标准或依据改变', value: preview.target.changed, suffix: '项' },
        ]
      : []),
    { title: '有错误的行', value: new Set(errors.map((e) => e.row)).size, suffix: '行', danger: errors.length > 0 },
  ];

  return (
    <div>
      <BackLink to="/inspections/checklists">检查表</BackLink>
      <PageTitle title="导入检查表" sub="把本单位已有的 Excel 检查表导入检查表库：新建一张检查表，或作为本单位某张检查表的新版本；先核对列和检查项，确认无误再导入" />
      <ImportSteps current={step} />
      <Card size="small" style={{ marginBottom: 16 }} title="导入为">
        <Space orientation="vertical" style={{ display: 'flex' }}>
          <Radio.Group
            value={mode}
            onChange={(e) => resetTo(() => setMode(e.target.value as Mode))}
            options={[
              { value: 'new', label: '新建检查表' },
              { value: 'version', label: '已有检查表的新版本', disabled: ownOptions.length === 0 },
            ]}
            data-testid="checklist-import-mode"
          />
          {mode === 'version' && (
            <Select
              style={{ width: '100%', maxWidth: 480 }}
              placeholder="选择本单位的检查表"
              value={checklistId}
              onChange={(v: string) => resetTo(() => setChecklistId(v))}
              options={ownOptions}
              data-testid="checklist-import-target"
            />
          )}
          {ownOptions.length === 0 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              本单位还没有自己的检查表；学校可先在检查表页面复制区级检查表，再导入它的新版本。
            </Typography.Text>
          )}
        </Space>
      </Card>
      {(mode === 'new' || checklistId) && (
        <ExcelUploadRow
          busy={imp.busy !== null}
          file={file}
          readingText={imp.busy === 'preview' ? '正在读取文件…' : '点击或拖动 .xlsx 文件到这里'}
          hint="只检查，不会直接写入；确认后才导入"
          onFile={imp.choose}
          requirements={
            <>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                第一个工作表，一行一个检查项，表头可在前 6 行内（上面可有“XX学校消防安全检查表”之类的标题行）。常见列名会自动识别，识别错的可以在下一步改正。
              </Typography.Paragraph>
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                <li>
                  <Typography.Text strong>检查内容</Typography.Text>（内容、检查事项、检查要点…） <Tag color="red">必填</Tag>
                </li>
                <li>
                  <Typography.Text>项目（类别、检查部位…）、检查标准（合格标准、检查要求…）、依据、分值（1–10）</Typography.Text>
                </li>
                <li>
                  <Typography.Text type="secondary">序号、备注、检查结果等列不导入；最多 200 项</Typography.Text>
                </li>
              </ul>
            </>
          }
        />
      )}

      <ImportErrorAlert error={imp.error} />

      {done !== null && (
        <ImportDoneCard
          subTitle={`已导入“${done.checklist.title}”第${done.checklist.versionNo}版，共 ${done.items.length} 项。`}
          to="/inspections/checklists"
          linkText="查看检查表"
          onReset={() => resetTo(() => undefined)}
        />
      )}

      {preview && done === null && (
        <>
          <ColumnMapping
            title={`2. 核对列的对应关系（工作表“${preview.sheetName}”，表头在第 ${preview.headerRow} 行）`}
            columns={preview.columnMatches ?? preview.columns}
            fields={preview.fields ?? FALLBACK_FIELDS}
            {...mappingStepProps(mapping, imp)}
            missing={missing}
          />
          <ImportCheckCard<Item>
            title={`3. 检查结果：${preview.target.checklistId ? `“${preview.target.title}”的第${preview.target.versionNo}版` : '新建检查表'}`}
            stats={stats || undefined}
            details={
              isNew && (
                <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
                  <Col xs={24} md={14}>
                    <Typography.Text strong>标题</Typography.Text>
                    <Input value={title} maxLength={100} onChange={(e) => setTitle(e.target.value)} placeholder={preview.target.title} data-testid="checklist-import-title" />
                  </Col>
                  <Col xs={24} md={10}>
                    <Typography.Text strong>隐患类别</Typography.Text>
                    <Select
                      style={{ width: '100%' }}
                      value={domain}
                      onChange={(v: HazardDomain) => setDomain(v)}
                      options={domainOptions}
                      placeholder="请选择"
                      status={needsDomain ? 'warning' : undefined}
                      data-testid="checklist-import-domain"
                    />
                  </Col>
                </Row>
              )
            }
            errors={errors}
            errorText={`发现 ${errors.length} 处错误，请修改 Excel 或调整列的对应后重新检查；有错误时不能导入。`}
            okText={items.length > 0 && !mapping.dirty ? (needsDomain ? '检查通过；请选择检查表的隐患类别后导入。' : `检查通过，共 ${items.length} 项，可以导入。`) : null}
            warnings={preview.warnings ?? []}
            errorColumnWidth={120}
            columns={columns}
            rows={items}
            scrollX={1100}
            canCommit={canCommit}
            committing={imp.busy === 'commit'}
            onCommit={() => void imp.commit(mapping.forCommit())}
          />
        </>
      )}
    </div>
  );
}
