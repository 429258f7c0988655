import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { can } from '@xiaoan/domain';
import { keys } from '../api/keys';
import { notificationApi, useUnreadNotifications } from '../api/notifications';
import type { HazardNotification } from '../api/types';
import { useMe } from '../auth/session';
import { dateTime } from '../lib/format';

function ago(iso: string): string {
  const m = dayjs().diff(dayjs(iso), 'minute');
  if (m < 1) return '刚刚';
  if (m < 60) return `${m} 分钟前`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} 小时前`;
  return dateTime(iso) ?? '';
}

/** The bell in the header: unread reminders (due soon, overdue …), each opening its hazard. */
export function NotificationBell({ compact }: { compact?: boolean }) {
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const q = useUnreadNotifications(can(me.role, 'notification.read'));
  const items = q.data?.items ?? [];
  const count = q.data?.total ?? items.length;

  const read = async (n: HazardNotification) => {
    setOpen(false);
    if (n.hazardId) void navigate(`/hazards/${n.hazardId}`);
    else if (n.link) void navigate(n.link);
    try {
      await notificationApi.read(n.id);
    } catch {
      // The refreshed list shows whether it was marked.
    } finally {
      void qc.invalidateQueries({ queryKey: keys.notifications.all });
    }
  };

  const readAll = async () => {
    try {
      await notificationApi.readAll();
    } catch {
      // The refreshed list shows what is still unread.
    } finally {
      void qc.invalidateQueries({ queryKey: keys.notifications.all });
    }
  };

  const panel = (
    <div className="xa-bell-panel" data-testid="notifications-panel">
      <div style={{ padding: '10px 14px', borderBottom: '1px solid #f0f0f0', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8 }}>
        <strong>消息提醒{count ? `（${count} 条未读）` : ''}</strong>
        {count > 0 && (
          <Button type="link" size="small" onClick={() => void readAll()} style={{ paddingInline: 0 }}>
            全部标为已读
          </Button>
        )}
      </div>
      {q.isError ? (
        <div className="xa-bell-empty">消息暂时无法加载</div>
      ) : items.length === 0 ? (
        <div className="xa-bell-empty">{q.isPending ? '加载中…' : '没有未读消息'}</div>
      ) : (
        <div style={{ maxHeight: 420, overflowY: 'auto' }}>
          {items.map((n) => (
            <button type="button" key={n.id} className="xa-bell-item" onClick={() => void read(n)} data-testid="notification-item">
              <span style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <strong className="xa-wrap">{n.title}</strong>
                <span className="xa-muted" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {ago(n.createdAt)}
                </span>
              </span>
              {n.body && (
                <span className="xa-muted xa-wrap" style={{ fontSize: 13 }}>
                  {n.body}
                </span>
              )}
            </button>
          ))}
        </div>
      )}
    </div>
  );

  // On a phone the bell is not at the screen's edge: 'bottom' lets the panel shift sideways to stay
  // on screen (bottomRight could only flip, and started off the left edge).
  return (
    <Dropdown open={open} onOpenChange={setOpen} trigger={['click']} placement={compact ? 'bottom' : 'bottomRight'} popupRender={() => panel}>
      <Button type="text" aria-label={count ? `消息提醒，${count} 条未读` : '消息提醒'} data-testid="notifications-bell" style={{ height: 40, width: compact ? 36 : 40, paddingInline: 0 }}>
        {/* A plain count bubble: antd's Badge would add to every page's first load. */}
        <span style={{ position: 'relative', display: 'inline-flex' }}>
          <BellOutlined style={{ fontSize: 18 }} />
          {count > 0 && (
            <span className="xa-bell-count" data-testid="notifications-count">
              {count > 99 ? '99+' : count}
            </span>
          )}
        </span>
      </Button>
    </Dropdown>
  );
}
