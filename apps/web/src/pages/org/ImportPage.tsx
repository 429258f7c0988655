import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Statistic, Table, Tag, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import { api, ApiError, errorMessage } from '../../api/client';
import type { ImportCommitResult, ImportRowError, SchoolImportPreview } from '../../api/types';
import { PageTitle } from '../../components/common';
import { useIsMobile } from '../../lib/useIsMobile';

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
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SchoolImportPreview | null>(null);
  const [commitErrors, setCommitErrors] = useState<ImportRowError[] | null>(null);
  const [result, setResult] = useState<ImportCommitResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);

  const reset = () => {
    setFile(null);
    setPreview(null);
    setCommitErrors(null);
    setResult(null);
    setError(null);
  };

  const runPreview = async (f: File) => {
    reset();
    setFile(f);
    setBusy('preview');
    try {
      const form = new FormData();
      form.append('file', f);
      setPreview(await api.upload<SchoolImportPreview>('/api/imports/schools/preview', form));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!file) return;
    setBusy('commit');
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const res = await api.upload<ImportCommitResult>('/api/imports/schools/commit', form);
      setResult(res);
      message.success('导入完成');
      await qc.invalidateQueries({ queryKey: ['units'] });
      await qc.invalidateQueries({ queryKey: ['teams'] });
      await qc.invalidateQueries({ queryKey: ['edu-groups'] });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IMPORT_INVALID' && Array.isArray(e.details)) {
        setCommitErrors(e.details as ImportRowError[]);
        setError(e.message);
      } else {
        setError(errorMessage(e));
      }
    } finally {
      setBusy(null);
    }
  };

  const errors = commitErrors ?? preview?.errors ?? [];
  const errorRows = useMemo(() => new Map(errors.map((e) => [e.row, e])), [errors]);

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
    {
      title: '问题',
      key: 'problem',
      width: 220,
      render: (_, r) => {
        const es = errors.filter((e) => e.row === r.row);
        return es.length ? (
          <Typography.Text type="danger">{es.map((e) => `${e.column ? `【${e.column}】` : ''}${e.message}`).join('；')}</Typography.Text>
        ) : null;
      },
    },
  ];

  const errorColumns: TableColumnsType<ImportRowError> = [
    { title: '行号', dataIndex: 'row', width: 70 },
    { title: '列', dataIndex: 'column', width: 110, render: (c: string | null) => c ?? '整行' },
    { title: '原因', dataIndex: 'message' },
  ];

  const canCommit = !!preview && errors.length === 0 && preview.rows.length > 0 && !result;

  return (
    <div>
      <PageTitle title="导入学校" sub="用 Excel 名单批量新增或更新学校，并分配片区和督查小组" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" title="1. 上传 Excel 文件">
            <Upload.Dragger
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              multiple={false}
              showUploadList={false}
              disabled={busy !== null}
              beforeUpload={(f) => {
                if (!f.name.toLowerCase().endsWith('.xlsx')) {
                  message.error('请上传 .xlsx 格式的 Excel 文件（旧版 .xls 请先另存为 .xlsx）');
                  return Upload.LIST_IGNORE;
                }
                void runPreview(f);
                return false;
              }}
              data-testid="import-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{busy === 'preview' ? '正在检查文件…' : '点击或拖动 .xlsx 文件到这里'}</p>
              <p className="ant-upload-hint">{file ? `当前文件：${file.name}` : '先预览检查，确认无误后再导入，不会直接写入'}</p>
            </Upload.Dragger>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title="表格要求">
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
          </Card>
        </Col>
      </Row>

      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} data-testid="import-error" />}

      {result && (
        <Card size="small" style={{ marginTop: 16 }}>
          <Result
            status="success"
            title="导入完成"
            subTitle={`新增学校 ${result.created} 所，更新 ${result.updated} 所，新建片区 ${result.areasCreated} 个，督查小组分配 ${result.assignments} 条。`}
            extra={
              <Space wrap>
                <Link to="/org/schools">
                  <Button type="primary">查看学校列表</Button>
                </Link>
                <Button onClick={reset}>再导入一个文件</Button>
              </Space>
            }
          />
        </Card>
      )}

      {preview && !result && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={`2. 检查结果（工作表“${preview.sheetName}”）`}
          extra={
            !isMobile && (
              <Button type="primary" disabled={!canCommit} loading={busy === 'commit'} onClick={() => void commit()} data-testid="import-commit">
                确认导入
              </Button>
            )
          }
        >
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Statistic title="新增学校" value={preview.summary.create} suffix="所" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="更新学校" value={preview.summary.update} suffix="所" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="新建片区" value={preview.summary.newAreas.length} suffix="个" />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="错误" value={errors.length} suffix="处" styles={errors.length ? { content: { color: '#cf1322' } } : undefined} />
            </Col>
          </Row>
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
          {errors.length > 0 ? (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={`发现 ${errors.length} 处错误，请在 Excel 中修改后重新上传；有错误时不能导入。`}
            />
          ) : (
            preview.rows.length > 0 && <Alert type="success" showIcon style={{ marginBottom: 12 }} title="检查通过，可以导入。" />
          )}
          {preview.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="提示"
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {preview.warnings.map((w, i) => (
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
              title={() => <Typography.Text strong type="danger">错误明细</Typography.Text>}
              data-testid="import-errors"
            />
          )}
          <Table<Row>
            rowKey="row"
            size="small"
            columns={rowColumns}
            dataSource={preview.rows}
            rowClassName={(r) => (errorRows.has(r.row) ? 'xa-row-error' : '')}
            scroll={{ x: 950 }}
            pagination={{ pageSize: 50, size: 'small', showTotal: (t) => `共 ${t} 行` }}
            title={() => <Typography.Text strong>逐行预览</Typography.Text>}
          />
          {isMobile && (
            <Button type="primary" block disabled={!canCommit} loading={busy === 'commit'} onClick={() => void commit()} style={{ marginTop: 12 }} data-testid="import-commit">
              确认导入
            </Button>
          )}
        </Card>
      )}
    </div>
  );
}
