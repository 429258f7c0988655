import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Col, Result, Row, Space, Statistic, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../api/client';
import type { ImportRowError } from '../api/types';
import { useIsMobile } from '../lib/useIsMobile';

/*
 * The Excel import flow the import pages share (schools, the hazard ledger, checklists;
 * the column-mapping step is ColumnMapping.tsx): upload a .xlsx, preview the server's check (nothing is written), commit the same
 * file; the server refuses a commit with row errors (IMPORT_INVALID), which then show.
 */

/** What every import preview answers (its rows may be named otherwise: a checklist's are `items`). */
export type ImportPreviewBase = { errors: ImportRowError[]; warnings?: string[] };

/** Text form fields sent with the file (the ledger's column mapping). */
export type ImportFields = Record<string, string>;

function formOf(file: File, fields: ImportFields | undefined): FormData {
  const fd = new FormData();
  // Text fields go before the file, so a streaming reader has them when the sheet arrives.
  for (const [k, v] of Object.entries(fields ?? {})) fd.append(k, v);
  fd.append('file', file);
  return fd;
}

/** The state of one import: the chosen file, its preview, the commit's result or errors. */
export function useExcelImport<P extends ImportPreviewBase, R>(opts: {
  /** The typed upload calls of src/api (e.g. `schoolImport.preview`). */
  preview: (form: FormData) => Promise<P>;
  commit: (form: FormData) => Promise<R>;
  onPreview?: (preview: P) => void;
  /** The preview was refused (a required column not found: its details carry the columns read). */
  onPreviewError?: (error: unknown) => void;
  onReset?: () => void;
  onCommitted?: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<P | null>(null);
  const [commitErrors, setCommitErrors] = useState<ImportRowError[] | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setCommitErrors(null);
    setResult(null);
    setError(null);
    opts.onReset?.();
  };

  const runPreview = async (f: File, fields?: ImportFields) => {
    setBusy('preview');
    setError(null);
    setCommitErrors(null);
    try {
      const p = await opts.preview(formOf(f, fields));
      setPreview(p);
      opts.onPreview?.(p);
    } catch (e) {
      setError(errorMessage(e));
      opts.onPreviewError?.(e);
    } finally {
      setBusy(null);
    }
  };

  /** A new file: everything before is forgotten, and the file is checked. */
  const choose = (f: File) => {
    reset();
    setFile(f);
    void runPreview(f);
  };

  const commit = async (fields?: ImportFields) => {
    if (!file) return;
    setBusy('commit');
    setError(null);
    try {
      setResult(await opts.commit(formOf(file, fields)));
      message.success('导入完成');
      await opts.onCommitted?.();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID') {
        const d = e.details as { errors?: ImportRowError[] } | ImportRowError[] | undefined;
        const list = Array.isArray(d) ? d : d?.errors;
        if (Array.isArray(list)) setCommitErrors(list);
      }
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const errors = commitErrors ?? preview?.errors ?? [];
  return { file, preview, result, error, busy, errors, reset, choose, runPreview, commit };
}

/** The upload card and, beside it, what the sheet should look like. */
export function ExcelUploadRow(props: { busy: boolean; file: File | null; readingText: string; hint: string; onFile: (f: File) => void; requirements: ReactNode }) {
  const { message } = App.useApp();
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card size="small" title="1. 上传 Excel 文件">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={props.busy}
            beforeUpload={(f) => {
              if (!f.name.toLowerCase().endsWith('.xlsx')) {
                message.error('请上传 .xlsx 格式的 Excel 文件（旧版 .xls 请先另存为 .xlsx）');
                return Upload.LIST_IGNORE;
              }
              props.onFile(f);
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{props.readingText}</p>
            <p className="ant-upload-hint">{props.file ? `当前文件：${props.file.name}` : props.hint}</p>
          </Upload.Dragger>
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title="表格要求">
          {props.requirements}
        </Card>
      </Col>
    </Row>
  );
}

export function ImportErrorAlert({ error }: { error: string | null }) {
  return error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" /> : null;
}

/** The end of an import: what was written, a link to see it, and a way to import another file. */
export function ImportDoneCard(props: { subTitle: string; to: string; linkText: string; onReset: () => void }) {
  return (
    <Card size="small" style={{ marginTop: 16 }}>
      <Result
        status="success"
        title="导入完成"
        subTitle={props.subTitle}
        extra={
          <Space wrap>
            <Link to={props.to}>
              <Button type="primary">{props.linkText}</Button>
            </Link>
            <Button onClick={props.onReset}>再导入一个文件</Button>
          </Space>
        }
      />
    </Card>
  );
}

/** The 问题 column of a preview's rows: the row's errors, in red. */
export function problemColumn<T extends { row: number }>(errors: ImportRowError[], width: number): TableColumnsType<T>[number] {
  return {
    title: '问题',
    key: 'problem',
    width,
    render: (_: unknown, r: T) => {
      const es = errors.filter((e) => e.row === r.row);
      return es.length ? <Typography.Text type="danger">{es.map((e) => `${e.column ? `【${e.column}】` : ''}${e.message}`).join('；')}</Typography.Text> : null;
    },
  };
}

export type ImportStat = { title: string; value: number; suffix: string; danger?: boolean };

/** The check of a preview: the counts, errors or the go-ahead, the warnings, the error list, every row, and the commit button. */
export function ImportCheckCard<T extends { row: number }>(props: {
  title: string;
  stats?: ImportStat[];
  /** Shown under the counts (what will be created, the columns recognised). */
  details?: ReactNode;
  errors: ImportRowError[];
  errorText: string;
  /** The go-ahead when there are no errors; null for none. */
  okText: string | null;
  warnings: string[];
  errorColumnWidth: number;
  columns: TableColumnsType<T>;
  rows: T[];
  scrollX: number;
  canCommit: boolean;
  committing: boolean;
  onCommit: () => void;
}) {
  const isMobile = useIsMobile();
  const { errors } = props;
  const errorRows = useMemo(() => new Set(errors.map((e) => e.row)), [errors]);
  const errorColumns: TableColumnsType<ImportRowError> = [
    { title: '行号', dataIndex: 'row', width: 70 },
    { title: '列', dataIndex: 'column', width: props.errorColumnWidth, render: (c: string | null) => c ?? '整行' },
    { title: '原因', dataIndex: 'message' },
  ];
  const commitButton = (block: boolean) => (
    <Button
      type="primary"
      block={block || undefined}
      disabled={!props.canCommit}
      loading={props.committing}
      onClick={props.onCommit}
      style={block ? { marginTop: 12 } : undefined}
      data-testid="import-commit"
    >
      确认导入
    </Button>
  );
  return (
    <Card size="small" style={{ marginTop: 16 }} title={props.title} extra={!isMobile && commitButton(false)}>
      {props.stats && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          {props.stats.map((s) => (
            <Col key={s.title} xs={12} md={6}>
              <Statistic title={s.title} value={s.value} suffix={s.suffix} styles={s.danger ? { content: { color: '#cf1322' } } : undefined} />
            </Col>
          ))}
        </Row>
      )}
      {props.details}
      {errors.length > 0 ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={props.errorText} />
      ) : (
        props.okText && <Alert type="success" showIcon style={{ marginBottom: 12 }} title={props.okText} />
      )}
      {props.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="提示"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {props.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
      {errors.length > 0 && (
        <Table<ImportRowError>
          rowKey={(e, i) => `${e.row}-${e.column ?? ''}-${i}`}
          size="small"
          columns={errorColumns}
          dataSource={errors}
          pagination={errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
          style={{ marginBottom: 16 }}
          title={() => (
            <Typography.Text strong type="danger">
              错误明细
            </Typography.Text>
          )}
          data-testid="import-errors"
        />
      )}
      <Table<T>
        rowKey="row"
        size="small"
        columns={props.columns}
        dataSource={props.rows}
        rowClassName={(r) => (errorRows.has(r.row) ? 'xa-row-error' : '')}
        scroll={{ x: props.scrollX }}
        pagination={{ pageSize: 50, size: 'small', showTotal: (t) => `共 ${t} 行` }}
        title={() => <Typography.Text strong>逐行预览</Typography.Text>}
      />
      {isMobile && commitButton(true)}
    </Card>
  );
}
