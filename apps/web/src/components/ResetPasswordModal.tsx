import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Result, Space, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { checkPasswordPolicy } from '@xiaoan/domain';
import { keys } from '../api/keys';
import { userApi } from '../api/org';
import type { User } from '../api/types';
import { PASSWORD_HINT, passwordRule } from '../lib/forms';
import { useVersionedSave } from '../lib/useVersionedSave';

const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '#%+-=@'];

/** A random password that passes the policy: 12 characters from every class, nothing easily misread. */
export function randomPassword(username?: string | null): string {
  const pick = (set: string) => set[crypto.getRandomValues(new Uint32Array(1))[0]! % set.length]!;
  for (;;) {
    const chars = [...SETS.map(pick), ...Array.from({ length: 8 }, () => pick(SETS.slice(0, 3).join('')))];
    for (let i = chars.length - 1; i > 0; i--) {
      const j = crypto.getRandomValues(new Uint32Array(1))[0]! % (i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const p = chars.join('');
    if (checkPasswordPolicy(p, username ?? undefined).length === 0) return p;
  }
}

/**
 * 重置密码: an administrator sets a new password for someone who forgot theirs. The
 * person must change it at the next login and is notified; their sessions end and
 * a login lock is lifted. Re-authentication, when due, is asked for by the API client.
 */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [done, setDone] = useState<string | null>(null);
  const { submit, saving, error, setError } = useVersionedSave({
    form,
    record: user,
    save: (u, v) => userApi.update(u!.id, { version: u!.version, password: v.password }),
    refresh: [keys.users.all],
    staleMessage: '该人员信息刚被他人修改，列表已刷新，请关闭后重新打开“重置密码”。',
    onSuccess: async (_, v) => {
      setDone(v.password);
      message.success(`已重置“${user?.displayName ?? ''}”的密码`);
      await qc.invalidateQueries({ queryKey: keys.users.all });
    },
  });

  return (
    <Modal
      title={user ? `重置密码：${user.displayName}` : '重置密码'}
      open={!!user}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => {
        setDone(null);
        setError(null);
      }}
      footer={
        done ? (
          <Button type="primary" onClick={onClose} data-testid="reset-password-close">
            完成
          </Button>
        ) : (
          <Space>
            <Button onClick={onClose}>取消</Button>
            <Button type="primary" danger loading={saving} onClick={() => void submit()} data-testid="reset-password-submit">
              重置密码
            </Button>
          </Space>
        )
      }
    >
      {user && done ? (
        <Result
          status="success"
          title="密码已重置"
          subTitle={`请通过电话或当面把新密码告诉${user.displayName}本人。TA 用新密码登录后须立即修改；系统已给 TA 发送通知。`}
          extra={
            <Typography.Text code copyable={{ text: done, tooltips: ['复制新密码', '已复制'] }} style={{ fontSize: 18 }} data-testid="reset-password-done">
              {done}
            </Typography.Text>
          }
        />
      ) : user ? (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="重置后"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                <li>{user.displayName}（{user.username}）当前的所有登录立即失效，登录锁定一并解除；</li>
                <li>TA 下次登录时须先把密码改为只有自己知道的新密码；</li>
                <li>系统会给 TA 发送一条站内通知，告知密码已被您重置。</li>
              </ul>
            }
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="reset-password-error" />}
          <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={() => void submit()}>
            <Form.Item label="新的临时密码" extra={PASSWORD_HINT} required>
              <Space.Compact style={{ width: '100%' }}>
                <Form.Item
                  name="password"
                  noStyle
                  rules={[{ required: true, message: '请输入或生成新密码' }, passwordRule(() => user.username ?? undefined)]}
                >
                  <Input autoComplete="off" spellCheck={false} aria-label="新的临时密码" data-testid="reset-password-input" />
                </Form.Item>
                <Button
                  icon={<ThunderboltOutlined />}
                  onClick={() => form.setFieldsValue({ password: randomPassword(user.username) })}
                  data-testid="reset-password-generate"
                >
                  随机生成
                </Button>
              </Space.Compact>
            </Form.Item>
          </Form>
        </>
      ) : null}
    </Modal>
  );
}
