import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, List, Modal, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { can } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import { keys } from '../../api/keys';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { departmentApi, eduGroupApi } from '../../api/org';
import { useDepartments, useEduGroups, useLeadingGroup } from '../../api/queries';
import type { Department, LeadingGroupMember } from '../../api/types';
import { PageTitle, Placeholder, QueryError, StatusTag, dash } from '../../components/common';
import { POSITION_LABELS } from '../../lib/labels';

type NameTarget = { kind: 'department'; dept?: Department } | { kind: 'edu-group' };

function NameModal({ target, onClose }: { target: NameTarget | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const what = target?.kind === 'edu-group' ? '教育集团' : '科室';
  const editing = target?.kind === 'department' && target.dept;

  const { submit: save, saving, error, setError } = useFormSubmit({
    values: () => ({ name: name.trim() }),
    check: (v) => (v.name ? null : `请填写${what}名称`),
    submit: async (v) => {
      if (target?.kind === 'edu-group') {
        await eduGroupApi.create(v);
        await qc.invalidateQueries({ queryKey: keys.eduGroups.all });
      } else if (target?.dept) {
        await departmentApi.update(target.dept.id, v);
        await qc.invalidateQueries({ queryKey: keys.departments.all });
      } else {
        await departmentApi.create(v);
        await qc.invalidateQueries({ queryKey: keys.departments.all });
      }
    },
    onSuccess: (_, v) => {
      message.success(editing ? '已重命名' : `已新增${what}“${v.name}”`);
      onClose();
    },
  });

  return (
    <Modal
      title={editing ? '重命名科室' : `新增${what}`}
      open={!!target}
      onCancel={onClose}
      onOk={() => void save()}
      okText="保存"
      confirmLoading={saving}
      destroyOnHidden
      afterOpenChange={(open) => {
        if (open) {
          setName(target?.kind === 'department' ? (target.dept?.name ?? '') : '');
          setError(null);
        }
      }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical">
        <Form.Item label={`${what}名称`} required>
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            placeholder={what === '科室' ? '例如：安全稳定办公室' : '例如：局前街小学教育集团'}
            onPressEnter={() => void save()}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function DepartmentsPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const departments = useDepartments();
  const leading = useLeadingGroup();
  const eduGroups = useEduGroups();
  const manage = can(me.role, 'department.manage');
  const manageGroups = can(me.role, 'edu_group.manage');
  const [target, setTarget] = useState<NameTarget | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const toggle = async (d: Department) => {
    setBusyId(d.id);
    try {
      await departmentApi.update(d.id, { status: d.status === 'active' ? 'disabled' : 'active' });
      message.success(d.status === 'active' ? `已停用“${d.name}”` : `已启用“${d.name}”`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusyId(null);
      await qc.invalidateQueries({ queryKey: keys.departments.all });
    }
  };

  const columns: TableColumnsType<Department> = [
    { title: '科室', dataIndex: 'name', render: (n: string, d) => <Link to={`/org/users?departmentId=${d.id}`}>{n}</Link> },
    { title: '人数', dataIndex: 'memberCount', width: 70, align: 'right' },
    { title: '状态', dataIndex: 'status', width: 76, render: (s: Department['status']) => <StatusTag status={s} /> },
  ];
  if (manage) {
    columns.push({
      title: '操作',
      key: 'op',
      width: 120,
      render: (_, d) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setTarget({ kind: 'department', dept: d })}>
            重命名
          </Button>
          <Popconfirm
            title={d.status === 'active' ? `停用“${d.name}”？` : `启用“${d.name}”？`}
            description={d.status === 'active' ? '停用后不能再给新任务选择此科室，已有人员不受影响。' : undefined}
            okText={d.status === 'active' ? '停用' : '启用'}
            okButtonProps={{ danger: d.status === 'active' }}
            onConfirm={() => toggle(d)}
          >
            <Button type="link" size="small" danger={d.status === 'active'} loading={busyId === d.id}>
              {d.status === 'active' ? '停用' : '启用'}
            </Button>
          </Popconfirm>
        </Space>
      ),
    });
  }

  const leadingColumns: TableColumnsType<LeadingGroupMember> = [
    { title: '职务', dataIndex: 'position', width: 90, render: (p: string) => POSITION_LABELS[p as keyof typeof POSITION_LABELS] ?? p },
    { title: '姓名', dataIndex: 'displayName', width: 100 },
    { title: '单位职务', dataIndex: 'title', render: dash },
  ];

  return (
    <div>
      <PageTitle title="科室与领导小组" sub="教育局机关科室、专项整治领导小组和教育集团" />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title="科室"
            extra={
              manage && (
                <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'department' })}>
                  新增科室
                </Button>
              )
            }
          >
            {departments.isError && <QueryError error={departments.error} onRetry={() => void departments.refetch()} />}
            <Table<Department>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={departments.data?.items ?? []}
              loading={departments.isPending && !departments.isError}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Placeholder text="还没有科室" /> }}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
            <Card size="small" title="领导小组">
              {leading.isError && <QueryError error={leading.error} onRetry={() => void leading.refetch()} />}
              <Table<LeadingGroupMember>
                rowKey="userId"
                size="small"
                columns={leadingColumns}
                dataSource={leading.data ?? []}
                loading={leading.isPending && !leading.isError}
                pagination={false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: <Placeholder text="尚未设置领导小组" /> }}
              />
            </Card>
            <Card
              size="small"
              title="教育集团"
              extra={
                manageGroups && (
                  <Button size="small" icon={<PlusOutlined />} onClick={() => setTarget({ kind: 'edu-group' })}>
                    新增教育集团
                  </Button>
                )
              }
            >
              {eduGroups.isError && <QueryError error={eduGroups.error} onRetry={() => void eduGroups.refetch()} />}
              <List
                size="small"
                loading={eduGroups.isPending && !eduGroups.isError}
                dataSource={eduGroups.data?.items ?? []}
                locale={{ emptyText: <Placeholder text="还没有教育集团；在学校的编辑表单中可选择所属集团" /> }}
                renderItem={(g) => (
                  <List.Item style={{ display: 'block' }}>
                    <Typography.Text strong>{g.name}</Typography.Text>
                    <Typography.Text type="secondary">（{g.schools.length} 所）</Typography.Text>
                    <div style={{ marginTop: 4, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                      {g.schools.map((s) => (
                        <Tag key={s.id} style={{ marginInlineEnd: 0 }}>
                          <Link to={`/org/units?id=${s.id}`} style={{ color: 'inherit' }}>
                            {s.name}
                          </Link>
                        </Tag>
                      ))}
                    </div>
                  </List.Item>
                )}
              />
            </Card>
          </div>
        </Col>
      </Row>
      <NameModal target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
