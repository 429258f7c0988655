import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import type { LedgerField } from '@xiaoan/domain';
import { ledgerImport } from '../../api/hazards';
import { keys } from '../../api/keys';
import { useMe } from '../../auth/session';
import { BackLink, PageTitle } from '../../components/common';
import { ColumnMapping, duplicateFields, ImportSteps, mappingStepProps, useColumnMapping, type ColumnMatch } from '../../components/ColumnMapping';
import { ExcelUploadRow, ImportCheckCard, ImportDoneCard, ImportErrorAlert, useExcelImport } from '../../components/ExcelImport';
import { LEDGER_FIELD_LABELS } from '../../lib/hazard';
import { columnsOfRefusal, LEDGER_MAPPING_FIELDS, ledgerDoneText, ledgerRowColumns, ledgerStats, type LedgerRow } from './import/ledgerPreview';

const REQUIRED_FIELDS: LedgerField[] = ['description', 'domain', 'foundAt'];

export default function HazardImportPage() {
  const me = useMe();
  const qc = useQueryClient();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const mapping = useColumnMapping();
  // A preview refused for a column it could not find still shows the columns it read, to be put right.
  const [refused, setRefused] = useState<ColumnMatch[] | null>(null);
  const imp = useExcelImport({
    preview: ledgerImport.preview,
    commit: ledgerImport.commit,
    onPreview: (p) => {
      setRefused(null);
      mapping.fromPreview(p.columnMatches ?? (p.columns as ColumnMatch[]));
    },
    onPreviewError: (e) => {
      // After a recheck that failed, the user's choices stay; a fresh file starts from what the server read.
      if (mapping.refused()) return;
      const cols = columnsOfRefusal(e);
      if (cols) {
        mapping.fromPreview(cols);
        setRefused(cols);
      }
    },
    onReset: () => {
      setRefused(null);
      mapping.reset();
    },
    onCommitted: () => qc.invalidateQueries({ queryKey: keys.hazards.all }),
  });
  const { file, preview, errors } = imp;
  const created = imp.result;

  const mapped = new Set(Object.values(mapping.value).filter(Boolean));
  // A hint only: the server's check decides.
  const missing: string[] = [];
  if (!schoolSide && !mapped.has('school')) missing.push(LEDGER_FIELD_LABELS.school);
  if (!mapped.has('description') && !mapped.has('title')) missing.push(LEDGER_FIELD_LABELS.description);
  for (const f of REQUIRED_FIELDS) if (f !== 'description' && !mapped.has(f)) missing.push(LEDGER_FIELD_LABELS[f]);
  const duplicates = duplicateFields(mapping.value);

  const rows = preview?.rows ?? [];
  const canCommit = !!preview && !mapping.dirty && errors.length === 0 && rows.length > 0 && created === null && duplicates.length === 0;
  const step = created !== null ? 3 : preview ? (mapping.dirty ? 1 : 2) : refused ? 1 : 0;

  return (
    <div>
      <BackLink to="/hazards">隐患台账</BackLink>
      <PageTitle title="导入隐患台账" sub="把学校已有的 Excel 隐患台账（包括往年已销号的隐患）导入系统：先核对列的对应关系和检查结果，确认无误再导入" />
      <ImportSteps current={step} />
      <ExcelUploadRow
        busy={imp.busy !== null}
        file={file}
        readingText={imp.busy === 'preview' ? '正在读取文件…' : '点击或拖动 .xlsx 文件到这里'}
        hint="只检查，不会直接写入；确认后才导入"
        onFile={imp.choose}
        requirements={
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              第一个工作表，一行一条隐患，表头可在前 6 行内（可为两级表头）。其他系统和往年台账的常见列名会自动识别（如“存在问题”“整改期限”“复查人”“销号时间”），识别不了或识别错的列可以在下一步改正。
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
                <Typography.Text type="secondary">：未整改的行五项全填导入为“已登记”（重大隐患还须临时管控措施和专人盯防），全空为“已上报”，只填部分算错误</Typography.Text>
              </li>
              <li>
                <Typography.Text>整改状态、整改完成时间、验收人、验收时间、验收意见</Typography.Text>
                <Typography.Text type="secondary">：已整改待验收的行导入为“待验收”，已验收或已销号的行连同整改、验收记录导入为“已销号”</Typography.Text>
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

      {created !== null && <ImportDoneCard subTitle={ledgerDoneText(created)} to="/hazards" linkText="查看隐患台账" onReset={imp.reset} />}

      {refused && !preview && created === null && (
        <ColumnMapping
          title="2. 核对列的对应关系：请指定缺少的列"
          columns={refused}
          fields={LEDGER_MAPPING_FIELDS}
          {...mappingStepProps(mapping, imp)}
          missing={missing}
        />
      )}

      {preview && created === null && (
        <>
          <ColumnMapping
            title={`2. 核对列的对应关系${preview.sheetName ? `（工作表“${preview.sheetName}”，表头在第 ${preview.headerRow} 行）` : ''}`}
            columns={preview.columnMatches ?? (preview.columns as ColumnMatch[])}
            fields={preview.fields ?? LEDGER_MAPPING_FIELDS}
            {...mappingStepProps(mapping, imp)}
            remembered={preview.layout?.remembered}
            missing={missing}
          />

          <ImportCheckCard<LedgerRow>
            title="3. 检查结果"
            stats={ledgerStats(preview.summary)}
            errors={errors}
            errorText={`发现 ${errors.length} 处错误，请修改 Excel 或调整列的对应后重新检查；有错误时不能导入。`}
            okText={rows.length > 0 && !mapping.dirty ? `检查通过，共 ${rows.length} 条，可以导入。` : null}
            warnings={preview.warnings ?? []}
            errorColumnWidth={120}
            columns={ledgerRowColumns({ schoolSide, errors })}
            rows={rows}
            scrollX={1640}
            canCommit={canCommit}
            committing={imp.busy === 'commit'}
            onCommit={() => void imp.commit(mapping.forCommit())}
          />
        </>
      )}
    </div>
  );
}
