import { useEffect, useMemo, useRef, useState, type Key } from 'react';
import { useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, Input, Popconfirm, Row, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import type { GetRef, TreeDataNode } from 'antd';
import { EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { can, creatableUnitKinds, SCHOOL_KIND_LABELS, UNIT_KIND_LABELS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { useAllUnits, useUnit } from '../../api/queries';
import { ApiError, errorMessage } from '../../api/client';
import { keys } from '../../api/keys';
import { unitApi } from '../../api/org';
import type { Unit } from '../../api/types';
import { buildUnitTree, ancestorIds, countSchools, type UnitNode } from '../../lib/tree';
import { PageTitle, QueryError, StatusTag, UnitKindIcon, UnitKindTag, dash } from '../../components/common';
import { UnitFormModal, type UnitFormTarget } from '../../components/UnitFormModal';
import { useIsMobile } from '../../lib/useIsMobile';

const CHILD_KINDS: Record<Unit['kind'], ('area' | 'school' | 'campus')[]> = {
  bureau: ['area', 'school'],
  area: ['school'],
  school: ['campus'],
  campus: [],
};

function highlight(name: string, q: string) {
  const i = q ? name.indexOf(q) : -1;
  if (i < 0) return name;
  return (
    <>
      {name.slice(0, i)}
      <span style={{ color: '#f5222d' }}>{q}</span>
      {name.slice(i + q.length)}
    </>
  );
}

/** Tree nodes, keeping only matches and their ancestors while searching. */
function toTreeData(nodes: UnitNode[], q: string): TreeDataNode[] {
  const out: TreeDataNode[] = [];
  for (const n of nodes) {
    const children = toTreeData(n.children, q);
    const match = !q || n.unit.name.includes(q);
    if (!match && children.length === 0) continue;
    const schools = n.unit.kind === 'area' || n.unit.kind === 'bureau' ? countSchools(n) : 0;
    out.push({
      key: n.unit.id,
      icon: <UnitKindIcon kind={n.unit.kind} />,
      title: (
        <span style={{ color: n.unit.status === 'disabled' ? 'rgba(0,0,0,0.35)' : undefined }}>
          {highlight(n.unit.name, q)}
          {schools > 0 && <Typography.Text type="secondary"> （{schools} 所）</Typography.Text>}
          {n.unit.status === 'disabled' && (
            <Tag style={{ marginInlineStart: 6 }} variant="filled">
              停用
            </Tag>
          )}
        </span>
      ),
      children,
    });
  }
  return out;
}

function UnitDetail({ unitId, node, onEdit, onCreate, onSelect }: {
  unitId: string;
  node: UnitNode | undefined;
  onEdit: (u: Unit) => void;
  onCreate: (kind: 'area' | 'school' | 'campus', parent: Unit) => void;
  onSelect: (id: string) => void;
}) {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const fresh = useUnit(unitId);
  const [toggling, setToggling] = useState(false);
  const u = fresh.data ?? node?.unit;
  if (fresh.isError && !u) return <QueryError error={fresh.error} onRetry={() => void fresh.refetch()} />;
  if (!u) return <Skeleton active />;

  const mayUpdate = can(me.role, 'unit.update') && (u.kind !== 'bureau' || me.role === 'system_admin');
  const mayToggle = mayUpdate && u.kind !== 'bureau' && (me.role !== 'school_admin' || u.kind === 'campus');
  const creatable = CHILD_KINDS[u.kind].filter((k) => creatableUnitKinds(me.role).includes(k));

  const toggle = async () => {
    setToggling(true);
    try {
      await unitApi.update(u.id, { version: u.version, status: u.status === 'active' ? 'disabled' : 'active' });
      message.success(u.status === 'active' ? `已停用“${u.name}”` : `已启用“${u.name}”`);
    } catch (e) {
      message.error(e instanceof ApiError && e.isStale ? '该记录已被他人修改，已刷新，请重试' : errorMessage(e));
    } finally {
      setToggling(false);
      await qc.invalidateQueries({ queryKey: keys.units.all });
    }
  };

  const children = node?.children ?? [];
  return (
    <div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }} className="xa-wrap">
          {u.name}
        </Typography.Title>
        <UnitKindTag kind={u.kind} />
        <StatusTag status={u.status} />
      </div>
      {(mayUpdate || creatable.length > 0) && (
        <Space wrap style={{ marginBottom: 16 }}>
          {mayUpdate && (
            <Button icon={<EditOutlined />} onClick={() => onEdit(u)}>
              编辑
            </Button>
          )}
          {mayToggle && (
            <Popconfirm
              title={u.status === 'active' ? `停用“${u.name}”？` : `启用“${u.name}”？`}
              description={u.status === 'active' ? '停用后该单位不再出现在新的排查和任务中，历史记录保留。' : undefined}
              okText={u.status === 'active' ? '停用' : '启用'}
              okButtonProps={{ danger: u.status === 'active' }}
              onConfirm={() => toggle()}
            >
              <Button danger={u.status === 'active'} loading={toggling} icon={u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined />}>
                {u.status === 'active' ? '停用' : '启用'}
              </Button>
            </Popconfirm>
          )}
          {u.status === 'active' &&
            creatable.map((k) => (
              <Button key={k} type="primary" ghost icon={<PlusOutlined />} onClick={() => onCreate(k, u)} data-testid={`add-${k}`}>
                新增{UNIT_KIND_LABELS[k]}
              </Button>
            ))}
        </Space>
      )}
      <Descriptions size="small" bordered column={1} styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="类型">{UNIT_KIND_LABELS[u.kind]}</Descriptions.Item>
        {u.kind === 'school' && <Descriptions.Item label="学校类别">{dash(u.schoolKind && SCHOOL_KIND_LABELS[u.schoolKind])}</Descriptions.Item>}
        {(u.kind === 'school' || u.kind === 'campus') && <Descriptions.Item label="所属片区">{dash(u.areaName)}</Descriptions.Item>}
        {u.kind === 'school' && <Descriptions.Item label="教育集团">{dash(u.eduGroup?.name)}</Descriptions.Item>}
        {u.kind === 'school' && (
          <Descriptions.Item label="督查小组">
            {u.teams.length ? u.teams.map((t) => <Tag key={t.id}>{t.name}</Tag>) : <Typography.Text type="warning">尚未分配</Typography.Text>}
          </Descriptions.Item>
        )}
        {(u.kind === 'school' || u.kind === 'campus') && (
          <>
            <Descriptions.Item label="地址">{dash(u.address)}</Descriptions.Item>
            <Descriptions.Item label="校长（园长）">{dash(u.principal)}</Descriptions.Item>
            <Descriptions.Item label="安全管理员">{dash(u.safetyOfficer)}</Descriptions.Item>
            <Descriptions.Item label="联系电话">{dash(u.phone)}</Descriptions.Item>
            <Descriptions.Item label="在校人数">{dash(u.enrolment)}</Descriptions.Item>
          </>
        )}
        {(u.kind === 'bureau' || u.kind === 'area') && node && <Descriptions.Item label="学校数">{countSchools(node)} 所</Descriptions.Item>}
      </Descriptions>
      {children.length > 0 && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text type="secondary">
            下级单位（{children.length}）：
          </Typography.Text>
          <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 6 }}>
            {children.slice(0, 60).map((c) => (
              <Tag key={c.unit.id} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => onSelect(c.unit.id)} icon={<UnitKindIcon kind={c.unit.kind} />}>
                {c.unit.name}
              </Tag>
            ))}
            {children.length > 60 && <Typography.Text type="secondary">…等 {children.length} 个</Typography.Text>}
          </div>
        </div>
      )}
    </div>
  );
}

export default function UnitsPage() {
  const isMobile = useIsMobile();
  const units = useAllUnits();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('id') ?? undefined;
  const [q, setQ] = useState('');
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const [formTarget, setFormTarget] = useState<UnitFormTarget | null>(null);
  const treeRef = useRef<GetRef<typeof Tree>>(null);

  const { roots, byId } = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const treeData = useMemo(() => toTreeData(roots, q.trim()), [roots, q]);

  // Open the first levels by default, and the path to a unit named in the address.
  useEffect(() => {
    if (!units.data || expanded !== null) return;
    const keys = new Set<Key>();
    for (const r of roots) {
      keys.add(r.unit.id);
      // On a phone the whole district is too long a list: areas start folded.
      if (!isMobile && r.unit.kind === 'bureau') for (const c of r.children) if (c.unit.kind === 'area' && r.children.length < 12) keys.add(c.unit.id);
    }
    if (selectedId) for (const a of ancestorIds(byId, selectedId)) keys.add(a);
    setExpanded([...keys]);
  }, [units.data, roots, byId, selectedId, expanded, isMobile]);

  // Select the caller's root unit when nothing is chosen (desktop only: on a phone the detail is a drawer).
  useEffect(() => {
    if (!isMobile && !selectedId && roots[0] && roots.length === 1) setParams({ id: roots[0].unit.id }, { replace: true });
  }, [isMobile, selectedId, roots, setParams]);

  // A unit chosen elsewhere (a link, a child tag, a new unit) is scrolled into the tree's view.
  useEffect(() => {
    if (!selectedId || isMobile) return;
    const t = setTimeout(() => treeRef.current?.scrollTo({ key: selectedId, align: 'auto' }), 50);
    return () => clearTimeout(t);
  }, [selectedId, isMobile, expanded]);

  const select = (id: string | undefined) => {
    if (id) {
      const anc = ancestorIds(byId, id);
      setExpanded((prev) => [...new Set([...(prev ?? []), ...anc])]);
    }
    setParams(id ? { id } : {}, { replace: !isMobile });
  };

  const searching = q.trim().length > 0;
  const detail = selectedId ? (
    <UnitDetail
      key={selectedId}
      unitId={selectedId}
      node={byId.get(selectedId)}
      onEdit={(u) => setFormTarget({ mode: 'edit', unit: u })}
      onCreate={(kind, parent) => setFormTarget({ mode: 'create', kind, parent })}
      onSelect={(id) => select(id)}
    />
  ) : (
    <Empty description="在左侧选择一个单位查看详情" />
  );

  return (
    <div>
      <PageTitle title="组织架构" sub="教育局 → 片区 → 学校 → 校区" />
      {units.isError && <QueryError error={units.error} onRetry={() => void units.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10} xl={8}>
          <Card size="small" styles={{ body: { padding: 12 } }}>
            <Input.Search allowClear placeholder="搜索单位名称" value={q} onChange={(e) => setQ(e.target.value)} style={{ marginBottom: 8 }} />
            {units.isPending ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={searching ? '没有匹配的单位' : '您的范围内还没有单位'} />
            ) : (
              <Tree
                ref={treeRef}
                showIcon
                blockNode
                treeData={treeData}
                height={isMobile ? undefined : 620}
                expandedKeys={searching ? [...byId.keys()] : (expanded ?? [])}
                onExpand={(keys) => !searching && setExpanded(keys)}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => select(keys[0] !== undefined ? String(keys[0]) : undefined)}
              />
            )}
          </Card>
        </Col>
        {!isMobile && (
          <Col md={14} xl={16}>
            <Card size="small" styles={{ body: { padding: 16 } }} style={{ position: 'sticky', top: 80 }}>
              {detail}
            </Card>
          </Col>
        )}
      </Row>
      {isMobile && (
        <Drawer open={!!selectedId} onClose={() => select(undefined)} placement="right" size="100%" title="单位详情">
          {selectedId && detail}
        </Drawer>
      )}
      <UnitFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(u) => {
          if (formTarget?.mode === 'create') select(u.id);
        }}
      />
    </div>
  );
}
