import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Space, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { CHEMICAL_CLASS_LABELS } from '@xiaoan/domain';
import { errorMessage } from '../../../api/client';
import { chemicalApi, type ChemicalImportResultT } from '../../../api/chemicals';
import { keys } from '../../../api/keys';
import { useIsMobile } from '../../../lib/useIsMobile';

/**
 * Importing the school's chemicals ledger from Excel (the layout the export writes: 名称, CAS号,
 * 类别, 计量单位, 存放地点, 期初库存): a preview with every row's problems first; the import writes
 * nothing while any row has one.
 */
export function ChemicalImportDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ChemicalImportResultT | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (f: File, commit: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const fd = new FormData();
      fd.append('file', f);
      const r = await chemicalApi.importLedger(fd, commit);
      setResult(r);
      if (r.committed) await qc.invalidateQueries({ queryKey: keys.chemicals.all });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setResult(null);
    setError(null);
    onClose();
  };
  return (
    <Drawer open={open} onClose={close} title="导入危化品台账" size={isMobile ? '100%' : 720} destroyOnHidden>
      <Typography.Paragraph type="secondary">表头：名称、CAS号、类别（剧毒 / 易制毒 / 易制爆 / 一般危化品）、计量单位、存放地点（库房或柜的名称）、期初库存。可先导出台账作为模板。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!result?.committed && (
        <Upload.Dragger
          accept=".xlsx"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(f) => {
            setFile(f);
            void send(f, false);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{file ? file.name : '点击或拖入 .xlsx 文件'}</p>
        </Upload.Dragger>
      )}
      {result && (
        <>
          <Alert
            style={{ margin: '12px 0' }}
            showIcon
            type={result.committed ? 'success' : result.errors ? 'error' : 'info'}
            title={result.committed ? `已导入：新增目录 ${result.created} 种，登记期初库存 ${result.stocked} 条` : result.errors ? `${result.errors} 行有问题，改正后重新上传（未写入任何数据）` : `检查通过：将新增目录 ${result.created} 种，登记期初库存 ${result.stocked} 条`}
          />
          <Table
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={result.rows}
            columns={[
              { title: '行', dataIndex: 'row', width: 50 },
              { title: '名称', dataIndex: 'name' },
              { title: '类别', render: (_, r) => (r.chemicalClass ? CHEMICAL_CLASS_LABELS[r.chemicalClass] : '—') },
              { title: '存放地点', dataIndex: 'storeName' },
              { title: '期初库存', render: (_, r) => (r.quantity === null ? '—' : `${r.quantity} ${r.unit}`) },
              { title: '检查', render: (_, r) => (r.errors.length ? r.errors.map((e) => <Tag color="red" key={e}>{e}</Tag>) : <Tag color="green">{r.action === 'create' ? '新增' : '目录已有'}</Tag>) },
            ]}
          />
          <Space style={{ marginTop: 12 }}>
            {!result.committed && file && result.errors === 0 && (
              <Button type="primary" loading={busy} onClick={() => void send(file, true)} data-testid="chemical-import-commit">
                确认导入
              </Button>
            )}
            <Button onClick={close}>关闭</Button>
          </Space>
        </>
      )}
    </Drawer>
  );
}
