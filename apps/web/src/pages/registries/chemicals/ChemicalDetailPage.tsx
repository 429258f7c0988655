import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Skeleton, Table } from 'antd';
import { formatQuantity } from '@xiaoan/domain';
import { useChemical } from '../../../api/chemicals';
import { BackLink, PageTitle, QueryError, dash } from '../../../components/common';
import { ChemicalFormDrawer } from './ChemicalForms';
import { ChemicalClassTag, MovementKindTag, movementPeople, signedQuantity } from './chemicalUi';

/** One catalogue entry: its class, where it is kept and how much, its latest movements. */
export default function ChemicalDetailPage() {
  const { id = '' } = useParams();
  const q = useChemical(id);
  const [editing, setEditing] = useState(false);
  const d = q.data;
  const c = d?.chemical;
  return (
    <div data-testid="chemical-detail">
      <BackLink to="/registries/chemicals?tab=chemicals">危化品目录</BackLink>
      <PageTitle title={c ? c.name : '危化品'} sub={c?.schoolName} extra={d?.allowedActions.includes('edit') && <Button onClick={() => setEditing(true)}>修改</Button>} />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!c && q.isPending && <Skeleton active />}
      {c && d && (
        <>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
              <Descriptions.Item label="CAS 号">{dash(c.casNo)}</Descriptions.Item>
              <Descriptions.Item label="类别"><ChemicalClassTag value={c.chemicalClass} /></Descriptions.Item>
              <Descriptions.Item label="账面库存">{formatQuantity(c.balance, c.unit)}</Descriptions.Item>
              <Descriptions.Item label="存放">{c.stock.map((s) => `${s.storeName} ${formatQuantity(s.quantity, c.unit)}`).join('；') || '—'}</Descriptions.Item>
              {c.note && <Descriptions.Item label="备注">{c.note}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card size="small" title="最近出入库" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={d.movements}
              locale={{ emptyText: '没有出入库记录' }}
              columns={[
                { title: '日期', dataIndex: 'onDate' },
                { title: '类型', render: (_, m) => <MovementKindTag value={m.kind} /> },
                { title: '数量', render: (_, m) => signedQuantity(m) },
                { title: '经手人与用途', render: (_, m) => movementPeople(m) },
                { title: '库房（柜）', render: (_, m) => <Link to={`/registries/chemicals/stores/${m.storeId}`}>{m.storeName}</Link> },
              ]}
            />
          </Card>
          <ChemicalFormDrawer open={editing} record={c} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
        </>
      )}
    </div>
  );
}
