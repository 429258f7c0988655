import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Select, Steps, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_GRADE_LABELS, HAZARD_SOURCE_LABELS, HAZARD_STATE_LABELS, LEDGER_FIELDS, matchLedgerHeader, type LedgerField } from '@xiaoan/domain';
import { ledgerImport } from '../../api/hazards';
import { keys } from '../../api/keys';
import type { LedgerImportColumn, LedgerImportPreview } from '../../api/types';
import { useMe } from '../../auth/session';
import { BackLink, PageTitle } from '../../components/common';
import { ExcelUploadRow, ImportCheckCard, ImportDoneCard, ImportErrorAlert, problemColumn, useExcelImport, type ImportFields } from '../../components/ExcelImport';
import { fundsText, LEDGER_FIELD_LABELS } from '../../lib/hazard';

const IGNORE = '__ignore__';
type Mapping = Record<string, string | null>;


const REQUIRED_FIELDS: LedgerField[] = ['description', 'domain', 'foundAt'];

export default function HazardImportPage() {
  const me = useMe();
  const qc = useQueryClient();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const [mapping, setMapping] = useState<Mapping>({});
  const [mappingDirty, setMappingDirty] = useState(false);
  const imp = useExcelImport({
    preview: ledgerImport.preview,
    commit: ledgerImport.commit,
    onPreview: (p) => {
      setMapping(Object.fromEntries((p.columns ?? []).map((c) => [c.header, c.field])));
      setMappingDirty(false);
    },
    onReset: () => {
      setMapping({});
      setMappingDirty(false);
    },
    onCommitted: () => qc.invalidateQueries({ queryKey: keys.hazards.all }),
  });
  const { file, preview, errors } = imp;
  const created = imp.result;
  const fields = (m: Mapping): ImportFields | undefined => (Object.keys(m).length ? { mapping: JSON.stringify(m) } : undefined);

  const mappedFields = new Set(Object.values(mapping).filter(Boolean));
  // A hint only: the server's check decides.
  const missing: string[] = [];
  if (!schoolSide && !mappedFields.has('school')) missing.push(LEDGER_FIELD_LABELS.school);
  for (const f of REQUIRED_FIELDS) if (!mappedFields.has(f)) missing.push(LEDGER_FIELD_LABELS[f]);
  const duplicates = [...mappedFields].filter((f) => Object.values(mapping).filter((x) => x === f).length > 1);

  const columnRows: (LedgerImportColumn & { key: string })[] = (preview?.columns ?? []).map((c, i) => ({ ...c, key: `${i}` }));
  const mapColumns: TableColumnsType<LedgerImportColumn & { key: string }> = [
    { title: '表格中的列', dataIndex: 'header', width: 200, render: (h: string) => <Typography.Text strong>{h}</Typography.Text> },
    {
      title: '导入为',
      key: 'field',
      width: 240,
      render: (_, c) => (
        <Select
          style={{ width: '100%' }}
          value={mapping[c.header] ?? IGNORE}
          onChange={(v: string) => {
            setMapping((m) => ({ ...m, [c.header]: v === IGNORE ? null : v }));
            setMappingDirty(true);
          }}
          options={[{ value: IGNORE, label: '（不导入）' }, ...LEDGER_FIELDS.map((f) => ({ value: f, label: LEDGER_FIELD_LABELS[f] }))]}
          status={mapping[c.header] && duplicates.includes(mapping[c.header]!) ? 'warning' : undefined}
        />
      ),
    },
    {
      title: '说明',
      key: 'hint',
      render: (_, c) => {
        const auto = matchLedgerHeader(c.header);
        const now = mapping[c.header] ?? null;
        if (now && duplicates.includes(now)) return <Typography.Text type="warning">多列对应同一项，请只保留一列</Typography.Text>;
        if (auto && auto === now) return <Typography.Text type="secondary">自动识别</Typography.Text>;
        if (auto && auto !== now) return <Typography.Text type="secondary">建议：{LEDGER_FIELD_LABELS[auto]}</Typography.Text>;
        return now ? <Typography.Text type="secondary">手动指定</Typography.Text> : null;
      },
    },
  ];

  type PRow = LedgerImportPreview['rows'][number];
  const rows = preview?.rows ?? [];
  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const previewColumns: TableColumnsType<PRow> = [
    { title: '行号', dataIndex: 'row', width: 64, fixed: 'left' },
    ...(schoolSide ? [] : [{ title: '学校', dataIndex: 'school', width: 160, render: (v: string | null, r: PRow) => (v ? (r.schoolId ? v : <Typography.Text type="danger">{v}</Typography.Text>) : none) }]),
    { title: '标题', dataIndex: 'title', width: 220, ellipsis: true },
    { title: '类别', dataIndex: 'domain', width: 120, render: (v: PRow['domain']) => (v ? HAZARD_DOMAIN_LABELS[v] : none) },
    { title: '等级', dataIndex: 'grade', width: 90, render: (v: PRow['grade']) => (v ? HAZARD_GRADE_LABELS[v] : none) },
    { title: '发现方式', dataIndex: 'source', width: 90, render: (v: PRow['source']) => (v ? HAZARD_SOURCE_LABELS[v] : none) },
    { title: '发现日期', dataIndex: 'foundAt', width: 110, render: (v: string | null) => v ?? none },
    { title: '责任人', dataIndex: 'owner', width: 90, render: (v: string | null) => v ?? none },
    { title: '整改时限', dataIndex: 'dueDate', width: 110, render: (v: string | null) => v ?? none },
    { title: '资金', dataIndex: 'fundsFen', width: 100, render: (v: number | null) => fundsText(v) ?? none },
    {
      title: '导入为',
      dataIndex: 'state',
      width: 90,
      render: (v: PRow['state']) => (v ? <Tag color={v === 'registered' ? 'blue' : 'gold'}>{HAZARD_STATE_LABELS[v]}</Tag> : none),
    },
    problemColumn<PRow>(errors, 240),
  ];
  const canCommit = !!preview && !mappingDirty && errors.length === 0 && rows.length > 0 && created === null && duplicates.length === 0;
  const step = created !== null ? 3 : preview ? (mappingDirty ? 1 : 2) : 0;

  return (
    <div>
      <BackLink to="/hazards">隐患台账</BackLink>
      <PageTitle title="导入隐患台账" sub="把学校已有的 Excel 隐患台账导入系统：先核对列的对应关系和检查结果，确认无误再导入" />
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        items={[{ title: '上传文件' }, { title: '核对列' }, { title: '检查预览' }, { title: '完成' }]}
        responsive
      />
      <ExcelUploadRow
        busy={imp.busy !== null}
        file={file}
        readingText={imp.busy === 'preview' ? '正在读取文件…' : '点击或拖动 .xlsx 文件到这里'}
        hint="只检查，不会直接写入；确认后才导入"
        onFile={imp.choose}
        requirements={
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              第一个工作表，一行一条隐患。常见列名会自动识别（如“存在问题”“整改时限”“整改责任人”“整改资金（万元）”），识别不了的列可以手动指定。
            </Typography.Paragraph>
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {!schoolSide && (
                <li>
                  <Typography.Text strong>学校</Typography.Text> <Tag color="red">必填</Tag>
                </li>
              )}
              <li>
                <Typography.Text strong>隐患描述（存在问题）、隐患类别、发现时间</Typography.Text> <Tag color="red">必填</Tag>
              </li>
              <li>
                <Typography.Text>责任人、整改措施、整改资金、整改时限、应急预案</Typography.Text>
                <Typography.Text type="secondary">：五项全填导入为“已登记”（重大隐患还须临时管控措施和专人盯防），全空为“已上报”，只填部分算错误</Typography.Text>
              </li>
              <li>
                <Typography.Text>隐患标题（缺省取描述前 30 字）、等级（缺省一般）、发现方式（缺省自查）、位置、发现人</Typography.Text>
              </li>
              {!schoolSide && (
                <li>
                  <Typography.Text type="secondary">学校须是您范围内已有的学校或校区，不会新建学校</Typography.Text>
                </li>
              )}
            </ul>
          </>
        }
      />

      <ImportErrorAlert error={imp.error} />

      {created !== null && (
        <ImportDoneCard
          subTitle={`已导入隐患 ${created.created} 条${created.registered !== undefined ? `（已登记 ${created.registered} 条，已上报 ${created.reported ?? 0} 条）` : ''}。`}
          to="/hazards"
          linkText="查看隐患台账"
          onReset={imp.reset}
        />
      )}

      {preview && created === null && (
        <>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={`2. 核对列的对应关系${preview.sheetName ? `（工作表“${preview.sheetName}”）` : ''}`}
            extra={
              mappingDirty && (
                <Button type="primary" loading={imp.busy === 'preview'} onClick={() => file && void imp.runPreview(file, fields(mapping))} data-testid="import-remap">
                  按新的对应重新检查
                </Button>
              )
            }
          >
            {missing.length > 0 && (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`还没有对应到：${missing.join('、')}`} />
            )}
            {mappingDirty && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="对应关系已修改，请点“按新的对应重新检查”后再导入。" />}
            <Table
              size="small"
              rowKey="key"
              columns={mapColumns}
              dataSource={columnRows}
              pagination={false}
              scroll={{ x: 600 }}
              data-testid="import-mapping"
            />
          </Card>

          <ImportCheckCard<PRow>
            title="3. 检查结果"
            stats={
              preview.summary && [
                { title: '数据行', value: preview.summary.rows, suffix: '行' },
                { title: '将以“已登记”导入', value: preview.summary.registered, suffix: '条' },
                { title: '将以“已上报”导入', value: preview.summary.reported, suffix: '条' },
                { title: '有错误的行', value: preview.summary.errorRows, suffix: '行', danger: preview.summary.errorRows > 0 },
              ]
            }
            errors={errors}
            errorText={`发现 ${errors.length} 处错误，请修改 Excel 或调整列的对应后重新检查；有错误时不能导入。`}
            okText={rows.length > 0 && !mappingDirty ? `检查通过，共 ${rows.length} 条，可以导入。` : null}
            warnings={preview.warnings ?? []}
            errorColumnWidth={120}
            columns={previewColumns}
            rows={rows}
            scrollX={1400}
            canCommit={canCommit}
            committing={imp.busy === 'commit'}
            onCommit={() => void imp.commit(fields(mapping))}
          />
        </>
      )}
    </div>
  );
}
