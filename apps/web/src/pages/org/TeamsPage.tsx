import { useState } from 'react';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Skeleton, Space, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { can, SCHOOL_KIND_LABELS } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage } from '../../api/client';
import { keys } from '../../api/keys';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { teamApi } from '../../api/org';
import { useTeams } from '../../api/queries';
import type { SupervisionTeam } from '../../api/types';
import { PageTitle, Placeholder, QueryError, StatusTag } from '../../components/common';
import { TeamEditDrawer } from '../../components/TeamEditDrawer';
import { POSITION_LABELS } from '../../lib/labels';

const SHOWN_SCHOOLS = 24;

function Members({ team }: { team: SupervisionTeam }) {
  if (team.members.length === 0) return <Typography.Text type="secondary">尚无成员</Typography.Text>;
  const order = ['leader', 'deputy', 'member'] as const;
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 6 }}>
      {order.map((p) => {
        const ms = team.members.filter((m) => m.position === p);
        if (!ms.length) return null;
        return [
          <Typography.Text key={`${p}-l`} type="secondary" style={{ whiteSpace: 'nowrap' }}>
            {POSITION_LABELS[p]}
          </Typography.Text>,
          <div key={`${p}-v`} style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            {ms.map((m) => (
              <Tooltip key={m.userId} title={[m.title, m.hasLogin ? null : '未开通登录'].filter(Boolean).join('，') || undefined}>
                <Tag color={p === 'leader' ? 'blue' : p === 'deputy' ? 'geekblue' : undefined} style={{ marginInlineEnd: 0 }}>
                  {m.displayName}
                  {!m.hasLogin && <span style={{ opacity: 0.5 }}>*</span>}
                </Tag>
              </Tooltip>
            ))}
          </div>,
        ];
      })}
    </div>
  );
}

function Schools({ team }: { team: SupervisionTeam }) {
  const [all, setAll] = useState(false);
  if (team.schools.length === 0) return <Typography.Text type="secondary">尚未分配学校</Typography.Text>;
  const shown = all ? team.schools : team.schools.slice(0, SHOWN_SCHOOLS);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
      {shown.map((s) => {
        const tag = (
          <Tag key={s.id} color={s.otherTeams.length ? 'warning' : undefined} icon={s.otherTeams.length ? <WarningOutlined /> : undefined} style={{ marginInlineEnd: 0 }}>
            <Link to={`/org/units?id=${s.id}`} style={{ color: 'inherit' }}>
              {s.name}
            </Link>
          </Tag>
        );
        const tip = [s.schoolKind && SCHOOL_KIND_LABELS[s.schoolKind], s.otherTeams.length ? `同时分配给：${s.otherTeams.join('、')}` : null]
          .filter(Boolean)
          .join('；');
        return tip ? (
          <Tooltip key={s.id} title={tip}>
            {tag}
          </Tooltip>
        ) : (
          tag
        );
      })}
      {team.schools.length > SHOWN_SCHOOLS && (
        <Button type="link" size="small" onClick={() => setAll(!all)}>
          {all ? '收起' : `展开全部 ${team.schools.length} 所`}
        </Button>
      )}
    </div>
  );
}

export default function TeamsPage() {
  const me = useMe();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const teams = useTeams();
  const manage = can(me.role, 'supervision_team.manage');
  const [editing, setEditing] = useState<SupervisionTeam | null>(null);
  const [creating, setCreating] = useState(false);
  const [newName, setNewName] = useState('');
  const [warnings, setWarnings] = useState<{ team: string; items: string[] } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const { submit: create, saving, error: createError } = useFormSubmit({
    values: () => ({ name: newName.trim() }),
    check: (v) => (v.name ? null : '请填写小组名称'),
    submit: (v) => teamApi.create(v),
    onSuccess: async (team, v) => {
      await qc.invalidateQueries({ queryKey: keys.teams.all });
      message.success(`已新增“${v.name}”，请添加成员和负责学校`);
      setCreating(false);
      setNewName('');
      setEditing(team);
    },
  });

  const toggle = async (t: SupervisionTeam) => {
    setBusyId(t.id);
    try {
      const res = await teamApi.update(t.id, { version: t.version, status: t.status === 'active' ? 'disabled' : 'active' });
      message.success(t.status === 'active' ? `已停用“${t.name}”` : `已启用“${t.name}”`);
      if (res?.warnings?.length) setWarnings({ team: t.name, items: res.warnings });
    } catch (e) {
      message.error(e instanceof ApiError && e.isStale ? '该小组已被他人修改，已刷新，请重试' : errorMessage(e));
    } finally {
      setBusyId(null);
      await qc.invalidateQueries({ queryKey: keys.teams.all });
      await qc.invalidateQueries({ queryKey: keys.units.all });
    }
  };

  const list = teams.data?.items ?? [];
  return (
    <div>
      <PageTitle
        title="督查小组"
        sub={
          me.role === 'team_member'
            ? '您所在的督查小组及其负责的学校'
            : me.unit.kind === 'school' || me.unit.kind === 'campus'
              ? '负责督查本校的小组'
              : '每个小组由局机关人员组成，分片负责若干学校的督查'
        }
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增督查小组
            </Button>
          )
        }
      />
      {warnings && warnings.items.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setWarnings(null) }}
          style={{ marginBottom: 16 }}
          title={`“${warnings.team}”已保存，请注意：`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {warnings.items.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          }
          data-testid="team-warnings"
        />
      )}
      {teams.isError && <QueryError error={teams.error} onRetry={() => void teams.refetch()} />}
      {teams.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : list.length === 0 && !teams.isError ? (
        <Card>
          <Placeholder text={manage ? '还没有督查小组，点击“新增督查小组”建立' : '您尚未加入任何督查小组'} />
        </Card>
      ) : (
        <Row gutter={[16, 16]}>
          {list.map((t) => (
            <Col xs={24} xl={12} key={t.id}>
              <Card
                size="small"
                style={{ height: '100%', opacity: t.status === 'disabled' ? 0.7 : 1 }}
                title={
                  <Space size={8} wrap>
                    <span>{t.name}</span>
                    <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
                      {t.schools.length} 所学校 · {t.members.length} 人
                    </Typography.Text>
                    {t.status === 'disabled' && <StatusTag status={t.status} />}
                  </Space>
                }
                extra={
                  manage && (
                    <Space size={0}>
                      <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(t)} data-testid="team-edit">
                        编辑
                      </Button>
                      <Popconfirm
                        title={t.status === 'active' ? `停用“${t.name}”？` : `启用“${t.name}”？`}
                        description={t.status === 'active' ? '停用后小组成员不再能看到这些学校。' : undefined}
                        okText={t.status === 'active' ? '停用' : '启用'}
                        okButtonProps={{ danger: t.status === 'active' }}
                        onConfirm={() => toggle(t)}
                      >
                        <Button type="link" size="small" danger={t.status === 'active'} loading={busyId === t.id}>
                          {t.status === 'active' ? '停用' : '启用'}
                        </Button>
                      </Popconfirm>
                    </Space>
                  )
                }
              >
                <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                  成员
                </Typography.Text>
                <Members team={t} />
                <Typography.Text strong style={{ display: 'block', margin: '16px 0 8px' }}>
                  负责学校
                </Typography.Text>
                <Schools team={t} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {list.some((t) => t.members.some((m) => !m.hasLogin)) && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 12, fontSize: 12 }}>
          * 未开通登录账号的成员
        </Typography.Text>
      )}
      <Modal
        title="新增督查小组"
        open={creating}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        okText="新增"
        confirmLoading={saving}
        destroyOnHidden
      >
        {createError && <Alert type="error" showIcon title={createError} style={{ marginBottom: 16 }} />}
        <Form layout="vertical">
          <Form.Item label="小组名称" required>
            <Input value={newName} onChange={(e) => setNewName(e.target.value)} maxLength={50} placeholder="例如：第七督查小组" onPressEnter={() => void create()} />
          </Form.Item>
        </Form>
      </Modal>
      <TeamEditDrawer team={editing} onClose={() => setEditing(null)} onWarnings={(team, items) => setWarnings(items.length ? { team, items } : null)} />
    </div>
  );
}
