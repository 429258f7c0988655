import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, Select, Space, Transfer, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { BUREAU_ROLES, ROLE_LABELS } from '@xiaoan/domain';
import { errorMessage } from '../api/client';
import { keys } from '../api/keys';
import { teamApi, useAllUsers } from '../api/org';
import { useAllUnits } from '../api/queries';
import type { SupervisionTeam, TeamPosition } from '../api/types';
import { POSITION_LABELS } from '../lib/labels';
import { useIsMobile } from '../lib/useIsMobile';
import { useVersionedSave } from '../lib/useVersionedSave';

type MemberRow = { userId?: string; position: TeamPosition };

const POSITION_OPTIONS = (Object.keys(POSITION_LABELS) as TeamPosition[]).map((p) => ({ value: p, label: POSITION_LABELS[p] }));

/** Edits one team: name, members with their positions, and the schools it supervises. */
export function TeamEditDrawer({
  team,
  onClose,
  onWarnings,
}: {
  team: SupervisionTeam | null;
  onClose: () => void;
  onWarnings: (teamName: string, warnings: string[]) => void;
}) {
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<MemberRow[]>([]);
  const [schoolIds, setSchoolIds] = useState<string[]>([]);
  const units = useAllUnits();
  const users = useAllUsers({ status: 'active' }, !!team);

  useEffect(() => {
    if (!team) return;
    setName(team.name);
    setMembers(team.members.map((m) => ({ userId: m.userId, position: m.position })));
    setSchoolIds(team.schools.map((s) => s.id));
  }, [team]);

  const userOptions = useMemo(() => {
    const opts = new Map<string, { value: string; label: string }>();
    for (const m of team?.members ?? []) opts.set(m.userId, { value: m.userId, label: m.title ? `${m.displayName}（${m.title}）` : m.displayName });
    for (const u of users.data ?? []) {
      if (!BUREAU_ROLES.includes(u.role)) continue;
      const extra = [u.title, u.department?.name ?? ROLE_LABELS[u.role]].filter(Boolean).join('，');
      opts.set(u.id, { value: u.id, label: `${u.displayName}（${extra}）` });
    }
    return [...opts.values()];
  }, [users.data, team]);

  const schools = useMemo(() => {
    const list = (units.data ?? []).filter((u) => u.kind === 'school' && (u.status === 'active' || schoolIds.includes(u.id)));
    return list.map((u) => {
      const others = u.teams.filter((t) => t.id !== team?.id).map((t) => t.name);
      return { key: u.id, title: u.name, description: [u.areaName, others.length ? `已属${others.join('、')}` : ''].filter(Boolean).join(' · '), others };
    });
  }, [units.data, team, schoolIds]);

  const { submit: save, saving, error, setError } = useVersionedSave({
    record: team,
    values: () => ({ name: name.trim(), members: members.filter((m): m is { userId: string; position: TeamPosition } => !!m.userId) }),
    check: (v) => {
      if (!v.name) return '请填写小组名称';
      const ids = v.members.map((m) => m.userId);
      return new Set(ids).size !== ids.length ? '同一人不能在小组中出现两次' : null;
    },
    save: (t, v) => teamApi.update(t!.id, { version: t!.version, name: v.name, members: v.members, schoolIds }),
    refresh: [keys.teams.all],
    staleMessage: '该小组已被他人修改，已刷新，请关闭后重新编辑。',
    onSuccess: async (res, v) => {
      await qc.invalidateQueries({ queryKey: keys.teams.all });
      await qc.invalidateQueries({ queryKey: keys.units.all });
      const warnings = res.warnings;
      onWarnings(res.team.name || v.name, warnings);
      if (warnings.length) message.warning(`已保存，有 ${warnings.length} 条提示，请查看页面上方`);
      else message.success('已保存');
      onClose();
    },
  });
  useEffect(() => setError(null), [team, setError]);

  const hasLeader = members.some((m) => m.position === 'leader' && m.userId);

  return (
    <Drawer
      title={team ? `编辑督查小组：${team.name}` : ''}
      open={!!team}
      onClose={onClose}
      size={isMobile ? '100%' : 760}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="team-save">
            保存
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical">
        <Form.Item label="小组名称" required>
          <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={50} />
        </Form.Item>
        <Form.Item
          label={`成员（${members.filter((m) => m.userId).length} 人）`}
          extra={!hasLeader && members.length > 0 ? <Typography.Text type="warning">尚未指定组长</Typography.Text> : '从教育局人员中选择，设定组长、副组长和成员'}
        >
          {users.isError && <Alert type="warning" showIcon title={errorMessage(users.error)} style={{ marginBottom: 8 }} />}
          <Space orientation="vertical" style={{ width: '100%' }} size={8}>
            {members.map((m, i) => (
              <div key={i} style={{ display: 'flex', gap: 8 }}>
                <Select
                  style={{ flex: 1, minWidth: 0 }}
                  placeholder="选择人员"
                  value={m.userId}
                  loading={users.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={userOptions}
                  onChange={(v: string) => setMembers(members.map((x, j) => (j === i ? { ...x, userId: v } : x)))}
                />
                <Select
                  style={{ width: 96, flex: 'none' }}
                  value={m.position}
                  options={POSITION_OPTIONS}
                  onChange={(v: TeamPosition) => setMembers(members.map((x, j) => (j === i ? { ...x, position: v } : x)))}
                />
                <Button aria-label="移除" icon={<DeleteOutlined />} onClick={() => setMembers(members.filter((_, j) => j !== i))} />
              </div>
            ))}
            <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setMembers([...members, { position: members.length ? 'member' : 'leader' }])}>
              添加成员
            </Button>
          </Space>
        </Form.Item>
        <Form.Item label={`负责学校（${schoolIds.length} 所）`} extra="一所学校可以分配给多个小组，保存时会提示">
          {units.isError && <Alert type="warning" showIcon title={errorMessage(units.error)} style={{ marginBottom: 8 }} />}
          {isMobile ? (
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              placeholder="选择学校"
              value={schoolIds}
              onChange={setSchoolIds}
              loading={units.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={schools.map((s) => ({ value: s.key, label: s.title }))}
              maxTagCount={30}
            />
          ) : (
            <Transfer
              dataSource={schools}
              targetKeys={schoolIds}
              onChange={(keys) => setSchoolIds(keys.map(String))}
              titles={['可选学校', '本组学校']}
              showSearch={{ placeholder: '搜索学校' }}
              filterOption={(input, item) => item.title.includes(input) || item.description.includes(input)}
              render={(item) => (
                <span title={item.description}>
                  {item.title}
                  {item.others.length > 0 && <Typography.Text type="secondary"> （已属{item.others.join('、')}）</Typography.Text>}
                </span>
              )}
              styles={{ section: { width: 330, height: 380 } }}
              locale={{ notFoundContent: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="无" /> }}
            />
          )}
        </Form.Item>
      </Form>
    </Drawer>
  );
}
