import { useRef, useState } from 'react';
import { Alert, Button, Card, List, Select, Space, Steps, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useIsMobile } from '../lib/useIsMobile';

/*
 * The column-mapping step of an Excel import (the ledger, checklists): every column of the
 * sheet with the field the server matched it to, on what basis and how sure, and a select
 * to correct it or ignore the column. The page keeps the mapping and sends it whole with
 * the next preview and the commit; the server decides, this only shows and collects.
 */

export type MatchBasis = 'user' | 'remembered' | 'standard' | 'synonym' | 'keyword' | 'none';

/** One column as the server matched it (`columnMatches`; older answers give header and field only). */
export type ColumnMatch = { header: string; field: string | null; basis?: MatchBasis; confidence?: number; reason?: string };

/** {header: field | null}: what each column of the sheet becomes; null ignores it. */
export type ColumnMappingValue = Record<string, string | null>;

const IGNORE = '__ignore__';

export const BASIS_LABELS: Record<MatchBasis, string> = {
  user: '您指定',
  remembered: '上次确认',
  standard: '标准列名',
  synonym: '常见别名',
  keyword: '按关键词推测',
  none: '未识别',
};

/** How sure the match is, as a person reads it: 1 certain, 0.9 a usual other name, 0.6 a guess to confirm. */
function confidenceTag(c: ColumnMatch) {
  if (c.basis === undefined || c.confidence === undefined) return null;
  if (c.basis === 'none' || c.field === null) return <Tag>不导入</Tag>;
  if (c.confidence >= 1) return <Tag color="green">确定</Tag>;
  if (c.confidence >= 0.85) return <Tag color="blue">较确定</Tag>;
  return <Tag color="gold">请确认</Tag>;
}

/** The full mapping the server read (every column, ignored ones as null). */
export function mappingOf(columns: readonly ColumnMatch[]): ColumnMappingValue {
  return Object.fromEntries(columns.map((c) => [c.header, c.field]));
}

/** Fields that more than one column is mapped to. */
export function duplicateFields(mapping: ColumnMappingValue): string[] {
  const seen = new Map<string, number>();
  for (const f of Object.values(mapping)) if (f) seen.set(f, (seen.get(f) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([f]) => f);
}

/**
 * The mapping a page keeps between previews: what the server read (`read`), what the user
 * has chosen since (`value`), and the mapping the shown preview was read with (`applied`,
 * null when the server matched on its own), which the commit sends again. A commit with a
 * mapping makes the server remember it for the layout, so an untouched one is not sent.
 */
export function useColumnMapping() {
  const [read, setRead] = useState<ColumnMappingValue>({});
  const [value, setValue] = useState<ColumnMappingValue>({});
  const [applied, setApplied] = useState<ColumnMappingValue | null>(null);
  const pending = useRef<ColumnMappingValue | null>(null);
  const dirty = Object.keys(value).some((h) => value[h] !== (read[h] ?? null));
  return {
    value,
    applied,
    dirty,
    /** A preview arrived: its columns are the mapping now. */
    fromPreview(columns: readonly ColumnMatch[]) {
      const m = mappingOf(columns);
      setRead(m);
      setValue(m);
      setApplied(pending.current);
      pending.current = null;
    },
    /** A preview was refused: true when it was a recheck with the user's mapping (their choices stay). */
    refused(): boolean {
      const wasRecheck = pending.current !== null;
      pending.current = null;
      return wasRecheck;
    },
    reset() {
      setRead({});
      setValue({});
      setApplied(null);
      pending.current = null;
    },
    change(header: string, field: string | null) {
      setValue((m) => ({ ...m, [header]: field }));
    },
    /** The form fields of the next preview with the whole mapping as chosen (remembered as applied once that preview arrives). */
    forRecheck(): Record<string, string> {
      pending.current = value;
      return { mapping: JSON.stringify(value) };
    },
    /** The form fields of the commit: the mapping the shown preview was read with, if any. */
    forCommit(): Record<string, string> | undefined {
      return applied ? { mapping: JSON.stringify(applied) } : undefined;
    },
  };
}

/** What a mapping step needs from its hook and from the import it belongs to: the choices, and the recheck of the file with them. */
export function mappingStepProps(
  mapping: ReturnType<typeof useColumnMapping>,
  imp: { file: File | null; busy: 'preview' | 'commit' | null; runPreview: (f: File, fields?: Record<string, string>) => Promise<unknown> },
) {
  return {
    value: mapping.value,
    onChange: mapping.change,
    dirty: mapping.dirty,
    rechecking: imp.busy === 'preview',
    onRecheck: () => {
      if (imp.file) void imp.runPreview(imp.file, mapping.forRecheck());
    },
  };
}

export function ColumnMapping(props: {
  title: string;
  columns: readonly ColumnMatch[];
  /** Every field a column may become, with its Chinese name. */
  fields: readonly { field: string; label: string }[];
  value: ColumnMappingValue;
  onChange: (header: string, field: string | null) => void;
  /** The mapping differs from the one the preview was read with. */
  dirty: boolean;
  rechecking: boolean;
  onRecheck: () => void;
  /** The server used this bureau's remembered mapping for the layout. */
  remembered?: boolean;
  /** Required fields no column is mapped to (labels). */
  missing?: readonly string[];
}) {
  const isMobile = useIsMobile();
  const { value, fields } = props;
  const dups = duplicateFields(value);
  const labelOf = (f: string | null) => (f === null ? '（不导入）' : (fields.find((x) => x.field === f)?.label ?? f));
  const options = [{ value: IGNORE, label: '（不导入）' }, ...fields.map((f) => ({ value: f.field, label: f.label }))];

  const select = (c: ColumnMatch) => {
    const now = value[c.header] ?? null;
    return (
      <Select
        style={{ width: '100%' }}
        value={now ?? IGNORE}
        onChange={(v: string) => props.onChange(c.header, v === IGNORE ? null : v)}
        options={options}
        showSearch={{ optionFilterProp: 'label' }}
        status={now && dups.includes(now) ? 'warning' : undefined}
        aria-label={`列“${c.header}”导入为`}
        data-testid="mapping-select"
        data-header={c.header}
      />
    );
  };

  /** Why the column is what it is: the server's reason, or the user's change since. */
  const why = (c: ColumnMatch) => {
    const now = value[c.header] ?? null;
    if (now && dups.includes(now)) return <Typography.Text type="warning">多列对应同一项，请只保留一列</Typography.Text>;
    if (now !== c.field) {
      return (
        <Typography.Text type="secondary">
          已改为“{labelOf(now)}”（原识别：{labelOf(c.field)}），重新检查后生效
        </Typography.Text>
      );
    }
    return (
      <Space size={4} wrap>
        {c.basis && <Tag color={c.basis === 'user' || c.basis === 'remembered' ? 'purple' : undefined}>{BASIS_LABELS[c.basis]}</Tag>}
        {confidenceTag(c)}
        {c.reason && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.reason}
          </Typography.Text>
        )}
      </Space>
    );
  };

  const rows = props.columns.map((c, i) => ({ ...c, key: `${i}` }));
  const tableColumns: TableColumnsType<(typeof rows)[number]> = [
    { title: '表格中的列', dataIndex: 'header', width: 200, render: (h: string) => <Typography.Text strong>{h}</Typography.Text> },
    { title: '导入为', key: 'field', width: 220, render: (_, c) => select(c) },
    { title: '识别依据', key: 'why', render: (_, c) => why(c) },
  ];

  const guesses = props.columns.filter((c) => c.basis === 'keyword' && value[c.header] === c.field).length;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      title={props.title}
      data-testid="import-mapping"
      extra={
        props.dirty &&
        !isMobile && (
          <Button type="primary" loading={props.rechecking} onClick={props.onRecheck} data-testid="import-remap">
            按新的对应重新检查
          </Button>
        )
      }
    >
      {props.remembered && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="已按上次确认的格式对应各列"
          description="本单位上次导入同一格式的表格时确认过列的对应关系，这次已自动采用；如有不对仍可修改。"
          data-testid="mapping-remembered"
        />
      )}
      {(props.missing?.length ?? 0) > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`还没有对应到：${props.missing!.join('、')}`} />}
      {guesses > 0 && !props.dirty && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={`有 ${guesses} 列是按列名中的关键词推测的（标为“请确认”），请核对后再导入`} />
      )}
      {props.dirty && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="对应关系已修改，请点“按新的对应重新检查”后再导入；导入后，下次上传同一格式的表格会自动采用这次的对应。" />}
      {isMobile ? (
        <List
          dataSource={rows}
          split={false}
          renderItem={(c) => (
            <Card size="small" style={{ marginBottom: 8 }} data-testid="mapping-row">
              <Typography.Text strong className="xa-wrap">
                {c.header}
              </Typography.Text>
              <div style={{ margin: '6px 0' }}>{select(c)}</div>
              {why(c)}
            </Card>
          )}
        />
      ) : (
        <Table size="small" rowKey="key" columns={tableColumns} dataSource={rows} pagination={false} scroll={{ x: 640 }} onRow={() => ({ 'data-testid': 'mapping-row' }) as React.HTMLAttributes<HTMLElement>} />
      )}
      {props.dirty && isMobile && (
        <Button type="primary" block style={{ marginTop: 8 }} loading={props.rechecking} onClick={props.onRecheck} data-testid="import-remap">
          按新的对应重新检查
        </Button>
      )}
    </Card>
  );
}

/** The four steps of an Excel import with a column-mapping step: upload, columns, check, done. */
export function ImportSteps({ current }: { current: number }) {
  return <Steps size="small" current={current} style={{ marginBottom: 16 }} items={[{ title: '上传文件' }, { title: '核对列' }, { title: '检查预览' }, { title: '完成' }]} responsive />;
}
