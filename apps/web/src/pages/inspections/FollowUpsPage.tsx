import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Input, Modal, Radio, Result, Select, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CameraOutlined, PictureOutlined, RedoOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { can, HAZARD_DOMAIN_LABELS, type HazardDomain } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage, fieldErrors } from '../../api/client';
import { inspectionApi, type FollowUpCandidate } from '../../api/inspections';
import { useUnitsOfKind } from '../../api/queries';
import { PageTitle, Placeholder } from '../../components/common';
import { ResponsiveList } from '../../components/ResponsiveList';
import { UploadTiles } from '../../components/hazard/UploadField';
import { useUploads } from '../../lib/useUploads';
import { useUrlState } from '../../lib/useUrlState';
import { uuid } from '../../lib/uuid';
import { keys } from '../../api/keys';
import { PhotoInput } from '../../components/PhotoInput';

const DAYS = [7, 15, 30, 60, 90] as const;
type Outcome = 'holds' | 'recurred';

const domainLabel = (d: string) => HAZARD_DOMAIN_LABELS[d as HazardDomain] ?? d;
const closedOn = (iso: string) => dayjs(iso).format('YYYY-MM-DD');

function OutcomeTag({ c }: { c: FollowUpCandidate }) {
  if (!c.followUps) return <Tag>未回头看</Tag>;
  return c.lastOutcome === 'recurred' ? (
    <Tag color="error">问题复发{c.followUps > 1 ? ` · 共 ${c.followUps} 次` : ''}</Tag>
  ) : (
    <Tag color="success">未复发{c.followUps > 1 ? ` · 共 ${c.followUps} 次` : ''}</Tag>
  );
}

/** One follow-up check on a closed hazard; recurrence opens a new, linked hazard. */
function RecordModal({ candidate, onClose }: { candidate: FollowUpCandidate; onClose: () => void }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>('holds');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [newHazardId, setNewHazardId] = useState<string | null>(null);
  // One key per attempt at this record: a retry after a lost answer is not recorded twice.
  const key = useRef(uuid());
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const up = useUploads({ unitId: candidate.school.id, allow: 'photo', max: 20, onRejected: (m) => void message.error(m) });

  const submit = async () => {
    if (outcome === 'recurred' && !note.trim()) {
      setNoteError('问题复发时，请写明现场情况');
      return;
    }
    setNoteError(null);
    setError(null);
    setSaving(true);
    try {
      const res = await inspectionApi.recordFollowUp(
        { hazardId: candidate.hazard.id, outcome, note: note.trim(), photoIds: up.doneIds.length ? up.doneIds : undefined },
        key.current,
      );
      await qc.invalidateQueries({ queryKey: keys.followUps.all });
      if (res.newHazardId) {
        await qc.invalidateQueries({ queryKey: keys.hazards.all });
        message.success('已记录回头看，并生成了新的隐患');
        setNewHazardId(res.newHazardId);
      } else {
        message.success(outcome === 'recurred' ? '已记录回头看：问题复发' : '已记录回头看：问题未复发');
        onClose();
      }
    } catch (e) {
      // The server refused this content: a corrected submission is a new attempt.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) key.current = uuid();
      const fe = fieldErrors(e);
      if (fe.note?.length) setNoteError(fe.note.join('；'));
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const pick = (files: FileList | null) => up.add(files);

  return (
    <Modal
      open
      title={`记录回头看：${candidate.hazard.title}`}
      onCancel={onClose}
      mask={{ closable: !saving && !up.busy }}
      footer={
        newHazardId ? (
          <Button type="primary" onClick={onClose}>
            完成
          </Button>
        ) : (
          [
            <Button key="c" onClick={onClose} disabled={saving}>
              取消
            </Button>,
            <Button key="ok" type="primary" loading={saving} disabled={up.busy} onClick={() => void submit()} data-testid="followup-submit">
              {up.busy ? '照片上传中…' : '提交'}
            </Button>,
          ]
        )
      }
      destroyOnHidden
    >
      {newHazardId ? (
        <Result
          status="warning"
          title="已记录：问题复发"
          subTitle="已生成一条关联原隐患的新隐患，请按流程整改。原隐患的销号记录保持不变。"
          extra={
            <Link to={`/hazards/${newHazardId}`} data-testid="followup-new-hazard">
              查看新隐患
            </Link>
          }
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary" className="xa-wrap" style={{ marginBottom: 12 }}>
            {candidate.school.name} · {domainLabel(candidate.hazard.domain)}
            {candidate.hazard.location && ` · ${candidate.hazard.location}`} · {closedOn(candidate.hazard.closedAt)} 销号
          </Typography.Paragraph>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="followup-error" />}
          <Typography.Text strong>现场情况</Typography.Text>
          <Radio.Group
            value={outcome}
            onChange={(e) => setOutcome(e.target.value as Outcome)}
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8, margin: '8px 0 16px' }}
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'holds', label: '问题未复发' },
              { value: 'recurred', label: '问题复发' },
            ]}
          />
          {outcome === 'recurred' && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="提交后将生成一条关联原隐患的新隐患" />}
          <Typography.Text strong>
            {outcome === 'recurred' ? <span style={{ color: '#ff4d4f' }}>* </span> : null}
            说明
          </Typography.Text>
          <Input.TextArea
            value={note}
            onChange={(e) => {
              setNote(e.target.value);
              if (noteError && e.target.value.trim()) setNoteError(null);
            }}
            maxLength={2000}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder={outcome === 'recurred' ? '请写明复发的现场情况（必填）' : '现场复查情况（选填）'}
            status={noteError ? 'error' : undefined}
            style={{ marginTop: 6 }}
            data-testid="followup-note"
          />
          {noteError && (
            <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }}>
              {noteError}
            </Typography.Text>
          )}
          <div style={{ marginTop: 16 }}>
            <Typography.Text strong>现场照片</Typography.Text>
            <div style={{ display: 'flex', gap: 8, margin: '8px 0' }}>
              <Button icon={<CameraOutlined />} onClick={() => camera.current?.click()}>
                拍照
              </Button>
              <Button icon={<PictureOutlined />} onClick={() => album.current?.click()}>
                从相册选择
              </Button>
            </div>
            <PhotoInput ref={camera} source="camera" onFiles={pick} tabIndex={-1} testId="followup-photo-input" />
            <PhotoInput ref={album} source="album" onFiles={pick} tabIndex={-1} />
            {up.items.length > 0 && (
              <>
                <UploadTiles items={up.items} onRemove={up.remove} onRetry={up.retry} size={84} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {up.busy ? '照片上传中…' : `${up.doneIds.length} 张照片已上传`}
                  {up.failed ? `，${up.failed} 张失败（不会随记录提交）` : ''}
                </Typography.Text>
              </>
            )}
          </div>
        </>
      )}
    </Modal>
  );
}

export default function FollowUpsPage() {
  const me = useMe();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const canRecord = can(me.role, 'inspection.submit');
  const { values, set } = useUrlState(['days', 'checked', 'schoolId'] as const);
  const days = DAYS.find((d) => String(d) === values.days) ?? 30;
  const includeChecked = values.checked === '1';
  const schoolId = schoolSide ? undefined : values.schoolId;
  const [recording, setRecording] = useState<FollowUpCandidate | null>(null);

  const schools = useUnitsOfKind('school', !schoolSide);
  const schoolOptions = useMemo(() => (schools.data ?? []).map((s) => ({ value: s.id, label: s.name })), [schools.data]);
  const q = useQuery({
    queryKey: keys.followUps.candidates({ days, includeChecked, schoolId }),
    queryFn: ({ signal }) => inspectionApi.followUpCandidates({ days, includeChecked: includeChecked || undefined, schoolId }, signal),
  });
  const rows = q.data?.items ?? [];

  const recordButton = (c: FollowUpCandidate) =>
    canRecord ? (
      <Button size="small" type={c.followUps ? 'default' : 'primary'} ghost={!c.followUps} icon={<RedoOutlined />} onClick={() => setRecording(c)} data-testid="followup-record">
        {c.followUps ? '再次回头看' : '记录回头看'}
      </Button>
    ) : null;

  const columns: TableColumnsType<FollowUpCandidate> = [
    ...(schoolSide ? [] : [{ title: '学校', key: 'school', width: 160, render: (_: unknown, c: FollowUpCandidate) => <span className="xa-wrap">{c.school.name}</span> }]),
    {
      title: '隐患',
      key: 'title',
      width: 260,
      render: (_, c) => (
        <div>
          <Link to={`/hazards/${c.hazard.id}`} className="xa-wrap" style={{ fontWeight: 500 }}>
            {c.hazard.title}
          </Link>
          {c.hazard.location && <div className="xa-muted xa-wrap" style={{ fontSize: 12 }}>{c.hazard.location}</div>}
        </div>
      ),
    },
    { title: '隐患类别', key: 'domain', width: 140, render: (_, c) => domainLabel(c.hazard.domain) },
    { title: '销号日期', key: 'closed', width: 110, render: (_, c) => closedOn(c.hazard.closedAt) },
    { title: '回头看', key: 'outcome', width: 150, render: (_, c) => <OutcomeTag c={c} /> },
    ...(canRecord ? [{ title: '操作', key: 'actions', width: 140, render: (_: unknown, c: FollowUpCandidate) => recordButton(c) }] : []),
  ];

  const empty = <Placeholder text={includeChecked ? `最近 ${days} 天没有销号的隐患` : `最近 ${days} 天销号的隐患都已回头看`} />;

  return (
    <div>
      <PageTitle title="回头看" sub="对近期销号的隐患到现场复查：问题未复发即确认；问题复发则生成关联的新隐患" />
      <ResponsiveList<FollowUpCandidate>
        rows={rows}
        columns={columns}
        rowKey={(c) => c.hazard.id}
        loading={q.isPending}
        error={q.isError ? q.error : undefined}
        onRetry={() => void q.refetch()}
        empty={empty}
        rowTestId="followup-row"
        table={{ scroll: { x: 900 } }}
        filters={
          <>
            <Select
              value={days}
              onChange={(v: number) => set({ days: v === 30 ? undefined : v })}
              options={DAYS.map((d) => ({ value: d, label: `最近 ${d} 天销号` }))}
              style={{ width: 160 }}
              aria-label="销号时间范围"
              data-testid="followup-days"
            />
            {!schoolSide && (
              <Select
                allowClear
                placeholder="全部学校"
                value={schoolId}
                onChange={(v) => set({ schoolId: v })}
                options={schoolOptions}
                loading={schools.isPending}
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 220 }}
              />
            )}
            <Checkbox checked={includeChecked} onChange={(e) => set({ checked: e.target.checked ? '1' : undefined })} style={{ alignSelf: 'center' }} data-testid="followup-include-checked">
              显示已回头看的
            </Checkbox>
          </>
        }
        card={(c) => (
          <>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'flex-start' }}>
              <Link to={`/hazards/${c.hazard.id}`} className="xa-wrap" style={{ fontWeight: 600 }}>
                {c.hazard.title}
              </Link>
              <OutcomeTag c={c} />
            </div>
            <div className="xa-muted xa-wrap" style={{ fontSize: 13, margin: '4px 0 8px' }}>
              {!schoolSide && `${c.school.name} · `}
              {domainLabel(c.hazard.domain)} · {closedOn(c.hazard.closedAt)} 销号
              {c.hazard.location ? ` · ${c.hazard.location}` : ''}
            </div>
            {recordButton(c)}
          </>
        )}
        footer={
          q.data && (
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
              共 {q.data.total} 条{q.data.total >= 500 ? '（仅显示最近 500 条）' : ''}
            </Typography.Text>
          )
        }
      />
      {recording && <RecordModal key={recording.hazard.id} candidate={recording} onClose={() => setRecording(null)} />}
    </div>
  );
}
