import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, List, Segmented, Skeleton, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { HAZARD_STATE_LABELS, TALK_FOLLOW_UP_RESULT_LABELS, TALK_LINK_KIND_LABELS, TALK_UNIT_KIND_LABELS, type HazardState, type TalkFollowUpResult } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { talkApi, useTalk, type TalkDetailT, type TalkLinkT } from '../../api/talks';
import { keys } from '../../api/keys';
import { BackLink, PageTitle, QueryError } from '../../components/common';
import { dateTime } from '../../lib/format';
import { useVersionedSave } from '../../lib/useVersionedSave';
import { TalkFormDrawer } from './TalkForm';
import { TalkStatusTag } from './talkUi';

const peopleText = (list: { name: string; post: string }[]) => (list.length ? list.map((p) => (p.post ? `${p.name}（${p.post}）` : p.name)).join('、') : '—');

function linkTarget(l: TalkLinkT): string | null {
  if (l.kind === 'hazard') return `/hazards/${l.id}`;
  if (l.kind === 'report_submission') return `/reports/submissions/${l.id}`;
  if (l.kind === 'notice') return `/notices/${l.id}`;
  return null;
}

type FollowUpValues = { result: TalkFollowUpResult; note: string; recordedOn: dayjs.Dayjs };

/** 回访: whether the commitments were kept (done, or not done with a note), on or after the talk. */
function FollowUpForm({ detail }: { detail: TalkDetailT }) {
  const [form] = Form.useForm<FollowUpValues>();
  const qc = useQueryClient();
  const result = Form.useWatch('result', form);
  const { submit, saving, error } = useVersionedSave<TalkDetailT['talk'], FollowUpValues, TalkDetailT>({
    form,
    record: detail.talk,
    save: (base, v) => talkApi.followUp(base!.id, { version: base!.version, result: v.result, note: v.note ?? '', recordedOn: v.recordedOn.format('YYYY-MM-DD') }),
    refresh: [keys.talks.all],
    staleMessage: '该约谈已被他人修改，请刷新后重试',
    onSuccess: async (d) => {
      qc.setQueryData(keys.talks.detail(d.talk.id), d);
      await qc.invalidateQueries({ queryKey: keys.talks.lists() });
    },
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ result: 'done', note: '', recordedOn: dayjs() }} data-testid="talk-follow-up-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="talk-follow-up-error" />}
      <Form.Item name="result" label="落实情况">
        <Segmented aria-label="落实情况" options={(['done', 'not_done'] as const).map((r) => ({ value: r, label: TALK_FOLLOW_UP_RESULT_LABELS[r] }))} data-testid="talk-follow-up-result" />
      </Form.Item>
      <Form.Item name="note" label="回访情况" rules={result === 'not_done' ? [{ required: true, whitespace: true, message: '未落实时，请写明情况' }] : []}>
        <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="talk-follow-up-note" />
      </Form.Item>
      <Form.Item name="recordedOn" label="回访日期" rules={[{ required: true, message: '请选择回访日期' }]}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.isBefore(dayjs(detail.talk.heldOn), 'day')} />
      </Form.Item>
      <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="talk-follow-up-save">
        记录回访
      </Button>
    </Form>
  );
}

/** One talk: who, why, the linked records as they stand now, the commitments, and the follow-up (recorded here by bureau staff). */
export default function TalkDetailPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const q = useTalk(id);
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <Skeleton active />;
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  const t = d.talk;
  const canEdit = d.allowedActions.includes('edit');
  return (
    <div style={{ maxWidth: 900 }} data-testid="talk-detail">
      <BackLink to="/talks">约谈</BackLink>
      <PageTitle
        title={`约谈：${t.unit.name}`}
        sub={`${TALK_UNIT_KIND_LABELS[t.unit.kind]} · ${t.heldOn}`}
        extra={
          canEdit && (
            <Button onClick={() => setEditing(true)} data-testid="talk-edit">
              修改
            </Button>
          )
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label="状态">
            <span data-testid="talk-status">
              <TalkStatusTag status={t.status} overdue={t.followUpOverdue} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="约谈日期">{t.heldOn}</Descriptions.Item>
          <Descriptions.Item label="被约谈人">{peopleText(t.interviewees)}</Descriptions.Item>
          <Descriptions.Item label="约谈人">{peopleText(d.interviewers)}</Descriptions.Item>
          <Descriptions.Item label="事由" span={2}>
            <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="talk-reason-text">
              {t.reason}
            </span>
          </Descriptions.Item>
          {d.notes && (
            <Descriptions.Item label="约谈情况" span={2}>
              <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{d.notes}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="回访日期">{t.followUpDue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="记录人">
            {d.createdBy} · {dateTime(t.createdAt)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`关联记录（${d.links.length}）`} style={{ marginBottom: 12 }}>
        <List
          size="small"
          dataSource={d.links}
          locale={{ emptyText: '无' }}
          renderItem={(l) => {
            const to = linkTarget(l);
            return (
              <List.Item data-testid="talk-link">
                <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                  <Tag>{TALK_LINK_KIND_LABELS[l.kind]}</Tag>
                  {to ? <Link to={to}>#{l.id} {l.label}</Link> : l.label}
                  {l.state && (
                    <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                      {l.kind === 'hazard' ? (HAZARD_STATE_LABELS[l.state as HazardState] ?? l.state) : l.state}
                    </Typography.Text>
                  )}
                  {l.overdue && <Tag color="red" style={{ marginLeft: 8 }}>逾期</Tag>}
                </div>
              </List.Item>
            );
          }}
        />
      </Card>
      <Card size="small" title="承诺事项" style={{ marginBottom: 12 }}>
        {d.commitments.length ? (
          <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="talk-commitments">
            {d.commitments.map((c) => (
              <li key={c} style={{ overflowWrap: 'anywhere' }}>{c}</li>
            ))}
          </ol>
        ) : (
          <Typography.Text type="secondary">无</Typography.Text>
        )}
      </Card>
      <Card size="small" title="回访" style={{ marginBottom: 12 }} data-testid="talk-follow-up">
        {d.followUp ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="落实情况">
              <Tag color={d.followUp.result === 'done' ? 'success' : 'error'} data-testid="talk-follow-up-outcome">
                {TALK_FOLLOW_UP_RESULT_LABELS[d.followUp.result]}
              </Tag>
            </Descriptions.Item>
            {d.followUp.note && <Descriptions.Item label="回访情况">{d.followUp.note}</Descriptions.Item>}
            <Descriptions.Item label="回访日期">
              {d.followUp.recordedOn}（{d.followUp.recordedBy}）
            </Descriptions.Item>
          </Descriptions>
        ) : d.allowedActions.includes('follow_up') ? (
          <FollowUpForm detail={d} />
        ) : (
          <Typography.Text type="secondary">{t.status === 'planned' ? '约谈尚未进行' : t.followUpDue ? `待 ${t.followUpDue} 回访` : '尚未回访'}</Typography.Text>
        )}
      </Card>
      {canEdit && <TalkFormDrawer open={editing} record={d} me={me} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />}
    </div>
  );
}
