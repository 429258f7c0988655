import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, List, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { CHEMICAL_STORE_KIND_LABELS, HAZARD_STATE_LABELS, formatQuantity, type ChemicalMovementKind, type HazardState } from '@xiaoan/domain';
import { useMe } from '../../../auth/session';
import { chemicalStoreLabelUrl, useChemicalStore, type ChemicalCountResultT } from '../../../api/chemicals';
import { BackLink, ListItemText, PageTitle, QueryError } from '../../../components/common';
import { CountDrawer, MovementDrawer, StoreFormDrawer } from './ChemicalForms';
import { MovementsList } from './ChemicalsPage';
import { ChemicalClassTag, isSchoolSide } from './chemicalUi';

/**
 * One store or cabinet (the page its QR label opens): the two lock holders, what it holds on
 * the book, the withdrawals not yet returned, 登记出入库 and 盘点, the counts with their
 * differences, and the hazards its mismatches opened.
 */
export default function StorePage() {
  const { id = '' } = useParams();
  const me = useMe();
  const q = useChemicalStore(id);
  const [open, setOpen] = useState<'move' | 'count' | 'edit' | null>(null);
  const [initial, setInitial] = useState<{ kind: ChemicalMovementKind; withdrawalId?: string } | undefined>();
  const [counted, setCounted] = useState<ChemicalCountResultT | null>(null);
  const d = q.data;
  const s = d?.store;
  const can = (a: string) => d?.allowedActions.includes(a) ?? false;
  const canMove = ['withdraw', 'return', 'receive', 'purchase', 'dispose'].some(can);
  const startMove = (kind?: ChemicalMovementKind, withdrawalId?: string) => {
    setInitial(kind ? { kind, withdrawalId } : undefined);
    setOpen('move');
  };
  return (
    <div data-testid="store-page">
      <BackLink to="/registries/chemicals">危化品台账</BackLink>
      <PageTitle
        title={s ? s.name : '危化品库房（柜）'}
        sub={s ? `${s.schoolName} · ${CHEMICAL_STORE_KIND_LABELS[s.kind]}${s.location ? ` · ${s.location}` : ''}` : undefined}
        extra={
          d && (
            <Space wrap>
              <Button icon={<PrinterOutlined />} href={chemicalStoreLabelUrl(d.store.id)} target="_blank" data-testid="store-label">
                二维码标签
              </Button>
              {can('edit') && <Button onClick={() => setOpen('edit')}>修改</Button>}
              {can('count') && (
                <Button onClick={() => setOpen('count')} data-testid="store-count">
                  盘点
                </Button>
              )}
              {canMove && (
                <Button type="primary" onClick={() => startMove()} data-testid="store-move">
                  登记出入库
                </Button>
              )}
            </Space>
          )
        }
      />
      {q.isError && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      {!d && q.isPending && <Skeleton active />}
      {counted && (
        <Alert
          style={{ marginBottom: 16 }}
          showIcon
          closable
          onClose={() => setCounted(null)}
          type={counted.hazard ? 'error' : 'success'}
          data-testid="count-result"
          title={counted.hazard ? `盘点完成：账实不符 ${counted.count.mismatches} 种，已自动上报隐患` : '盘点完成：账实相符'}
          description={
            counted.hazard && (
              <span>
                {counted.count.lines.filter((l) => l.difference !== 0).map((l) => `${l.chemicalName} 账面 ${formatQuantity(l.book, l.unit)}、实盘 ${formatQuantity(l.counted, l.unit)}`).join('；')}。
                <Link to={`/hazards/${counted.hazard.hazardId}`} data-testid="count-hazard-link">
                  查看隐患
                </Link>
              </span>
            )
          }
        />
      )}
      {d && s && (
        <>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
              <Descriptions.Item label="双人双锁保管人">
                {s.holderA}、{s.holderB}
              </Descriptions.Item>
              <Descriptions.Item label="状态">{s.status === 'active' ? '在用' : <Tag>已停用</Tag>}</Descriptions.Item>
              <Descriptions.Item label="最近盘点">
                {s.lastCountOn ?? '尚未盘点'}
                {s.lastCountOn && (s.lastCountMismatches ? <Tag color="red" style={{ marginLeft: 6 }}>账实不符</Tag> : <Tag color="green" style={{ marginLeft: 6 }}>账实相符</Tag>)}
              </Descriptions.Item>
              <Descriptions.Item label="存放">{s.controlled ? <Tag color="red">含剧毒、易制毒或易制爆（每月盘点）</Tag> : '一般危化品'}</Descriptions.Item>
            </Descriptions>
          </Card>
          {d.hazards.length > 0 && (
            <Card size="small" title="由本柜上报的隐患" style={{ marginTop: 16 }}>
              <List
                size="small"
                dataSource={d.hazards}
                renderItem={(h) => (
                  <List.Item>
                    <ListItemText title={<Link to={`/hazards/${h.hazardId}`} data-testid="store-hazard">{h.title}</Link>} />
                    <Tag>{HAZARD_STATE_LABELS[h.state as HazardState] ?? h.state}</Tag>
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title="账面库存" style={{ marginTop: 16 }}>
            <Table
              size="small"
              rowKey="chemicalId"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={d.balances}
              locale={{ emptyText: '账面没有库存' }}
              columns={[
                { title: '危化品', render: (_, b) => <Link to={`/registries/chemicals/${b.chemicalId}`}>{b.name}</Link> },
                { title: '类别', render: (_, b) => <ChemicalClassTag value={b.chemicalClass} /> },
                { title: '账面数量', render: (_, b) => <span data-testid={`balance-${b.chemicalId}`}>{formatQuantity(b.quantity, b.unit)}</span> },
              ]}
            />
          </Card>
          {d.openWithdrawals.length > 0 && (
            <Card size="small" title="领用未归还" style={{ marginTop: 16 }}>
              <List
                size="small"
                dataSource={d.openWithdrawals}
                renderItem={(w) => (
                  <List.Item actions={can('return') ? [<Button key="r" size="small" onClick={() => startMove('return', w.id)}>归还</Button>] : []}>
                    <ListItemText title={`${w.chemicalName} 未还 ${formatQuantity(w.outstanding ?? 0, w.unit)}`} description={`${w.onDate} · ${w.teacher ?? ''} · ${w.lesson ?? ''}`} />
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title="盘点记录" style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={d.counts}
              locale={{ emptyText: '尚无盘点记录' }}
              renderItem={(k) => (
                <List.Item>
                  <ListItemText
                    title={
                      <span>
                        {k.countedOn} · 盘点人 {k.countedBy}
                        {k.secondCounter && `、监盘人 ${k.secondCounter}`}{' '}
                        {k.mismatches ? <Tag color="red">账实不符 {k.mismatches} 种</Tag> : <Tag color="green">账实相符</Tag>}
                      </span>
                    }
                    description={k.lines.filter((l) => l.difference !== 0).map((l) => `${l.chemicalName}：账面 ${formatQuantity(l.book, l.unit)}，实盘 ${formatQuantity(l.counted, l.unit)}`).join('；') || undefined}
                  />
                  {k.hazardId && <Link to={`/hazards/${k.hazardId}`}>隐患</Link>}
                </List.Item>
              )}
            />
          </Card>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 24 }}>
            出入库记录
          </Typography.Title>
          <MovementsList storeId={s.id} school={isSchoolSide(me.role)} />
          <MovementDrawer open={open === 'move'} store={d} initial={initial} onClose={() => setOpen(null)} onSaved={() => setOpen(null)} />
          <CountDrawer open={open === 'count'} store={d} onClose={() => setOpen(null)} onCounted={(r) => { setOpen(null); setCounted(r); }} />
          <StoreFormDrawer open={open === 'edit'} record={s} onClose={() => setOpen(null)} onSaved={() => setOpen(null)} />
        </>
      )}
    </div>
  );
}
