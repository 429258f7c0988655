import { Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_GRADE_LABELS, HAZARD_SOURCE_LABELS, HAZARD_STATE_LABELS, LEDGER_COLUMN_FIELDS, type LedgerColumnField } from '@xiaoan/domain';
import { ApiError } from '../../../api/client';
import type { ColumnMatch } from '../../../components/ColumnMapping';
import type { ImportRowError, LedgerImportPreview } from '../../../api/types';
import { problemColumn, type ImportStat } from '../../../components/ExcelImport';
import { fundsText, LEDGER_FIELD_LABELS, STATE_COLORS } from '../../../lib/hazard';

/*
 * The check step of the ledger import: what each row becomes. Besides 已上报 and 已登记, an
 * old ledger's rectified rows come in as 待验收, and its verified or struck-off rows as 已销号
 * with their history (report → register → start → submit → close on the ledger's dates);
 * commitments the old ledger did not record are written as 原台账未填写.
 */

export type LedgerRow = LedgerImportPreview['rows'][number];
export type LedgerState = NonNullable<LedgerRow['state']>;

const none = <Typography.Text type="secondary">—</Typography.Text>;

export function ledgerRowColumns(opts: { schoolSide: boolean; errors: ImportRowError[] }): TableColumnsType<LedgerRow> {
  return [
    { title: '行号', dataIndex: 'row', width: 64, fixed: 'left' },
    ...(opts.schoolSide
      ? []
      : [{ title: '学校', dataIndex: 'school', width: 160, render: (v: string | null, r: LedgerRow) => (v ? (r.schoolId ? v : <Typography.Text type="danger">{v}</Typography.Text>) : none) }]),
    { title: '标题', dataIndex: 'title', width: 220, ellipsis: true },
    { title: '类别', dataIndex: 'domain', width: 120, render: (v: LedgerRow['domain']) => (v ? HAZARD_DOMAIN_LABELS[v] : none) },
    { title: '等级', dataIndex: 'grade', width: 90, render: (v: LedgerRow['grade']) => (v ? HAZARD_GRADE_LABELS[v] : none) },
    { title: '发现方式', dataIndex: 'source', width: 90, render: (v: LedgerRow['source']) => (v ? HAZARD_SOURCE_LABELS[v] : none) },
    { title: '发现日期', dataIndex: 'foundAt', width: 110, render: (v: string | null) => v ?? none },
    { title: '责任人', dataIndex: 'owner', width: 90, render: (v: string | null) => v ?? none },
    { title: '整改时限', dataIndex: 'dueDate', width: 110, render: (v: string | null) => v ?? none },
    { title: '资金', dataIndex: 'fundsFen', width: 100, render: (v: number | null) => fundsText(v) ?? none },
    {
      title: '导入为',
      dataIndex: 'state',
      width: 100,
      render: (v: LedgerRow['state']) =>
        v ? (
          <Tag color={STATE_COLORS[v]} data-testid="import-row-state" data-state={v}>
            {HAZARD_STATE_LABELS[v]}
          </Tag>
        ) : (
          none
        ),
    },
    {
      title: '整改与验收记录',
      key: 'history',
      width: 240,
      render: (_: unknown, r: LedgerRow) => {
        if (r.state !== 'closed' && r.state !== 'pending_verification') return none;
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text style={{ fontSize: 12 }}>
              {r.state === 'closed' ? `连同历史销号${r.closedAt ? `：${r.closedAt}` : ''}` : '已整改，待验收'}
              {r.verifier ? `，验收人 ${r.verifier}` : ''}
            </Typography.Text>
            {(r.notRecorded?.length ?? 0) > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                原台账未填写：{r.notRecorded!.join('、')}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    problemColumn<LedgerRow>(opts.errors, 240),
  ];
}

/** The counts over the preview: each state only when some rows take it (closed and pending ones besides). */
export function ledgerStats(s: LedgerImportPreview['summary']): ImportStat[] {
  const out: ImportStat[] = [
    { title: '数据行', value: s.rows, suffix: '行' },
    { title: '将以“已登记”导入', value: s.registered, suffix: '条' },
    { title: '将以“已上报”导入', value: s.reported, suffix: '条' },
  ];
  if (s.pendingVerification) out.push({ title: '将以“待验收”导入', value: s.pendingVerification, suffix: '条' });
  if (s.closed) out.push({ title: '连同历史以“已销号”导入', value: s.closed, suffix: '条' });
  out.push({ title: '有错误的行', value: s.errorRows, suffix: '行', danger: s.errorRows > 0 });
  return out;
}

/** What the commit wrote, in one sentence. */
export function ledgerDoneText(r: { created: number; registered: number; reported: number; pendingVerification?: number; closed?: number }): string {
  const parts = [`已登记 ${r.registered} 条`, `已上报 ${r.reported} 条`];
  if (r.pendingVerification) parts.push(`待验收 ${r.pendingVerification} 条`);
  if (r.closed) parts.push(`连同整改、验收记录已销号 ${r.closed} 条`);
  return `已导入隐患 ${r.created} 条（${parts.join('，')}）。`;
}

const CLOSURE_LABELS: Partial<Record<LedgerColumnField, string>> = {
  status: '整改状态',
  rectifiedAt: '整改完成时间',
  verifier: '验收人',
  verifiedAt: '验收（销号）时间',
  verificationResult: '验收意见',
};

/** Every field a ledger column may become, when the server's answer does not list them (a refused preview). */
export const LEDGER_MAPPING_FIELDS = LEDGER_COLUMN_FIELDS.map((f) => ({ field: f, label: (LEDGER_FIELD_LABELS as Partial<Record<LedgerColumnField, string>>)[f] ?? CLOSURE_LABELS[f] ?? f }));

/** The columns a refused preview read (a required column not found), so the mapping step can put it right; null otherwise. */
export function columnsOfRefusal(e: unknown): ColumnMatch[] | null {
  if (!(e instanceof ApiError)) return null;
  const cols = (e.details as { columns?: unknown } | undefined)?.columns;
  if (!Array.isArray(cols) || !cols.every((c) => c && typeof (c as ColumnMatch).header === 'string')) return null;
  return (cols as ColumnMatch[]).map((c) => ({ header: c.header, field: c.field ?? null }));
}
