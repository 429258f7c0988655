// The hazard as found and as registered: 基本信息, 来源与回头看, 整改五落实, 临时管控与专人盯防.
import { Link } from 'react-router';
import { Card, Descriptions, Typography } from 'antd';
import { HAZARD_DOMAIN_LABELS, HAZARD_SOURCE_LABELS } from '@xiaoan/domain';
import type { HazardDetail } from '../../../api/types';
import { dash } from '../../../components/common';
import { FileGallery } from '../../../components/hazard/FileGallery';
import { DueCell, GradeTag } from '../../../components/hazard/HazardTags';
import { fundsText } from '../../../lib/hazard';
import { dateTime } from '../../../lib/format';
import { COLUMNS, ids, Text, type DetailCtx } from './shared';
import { registryRecordPath } from '../../registries/kinds';

export function BasicInfoCard({ d, files, kinds, userName }: DetailCtx) {
  const h = d.hazard;
  const r = d.record;
  return (
    <Card size="small" title="基本信息">
      <Descriptions size="small" column={COLUMNS}>
        <Descriptions.Item label="学校">{h.school.name}</Descriptions.Item>
        {h.unit.id !== h.school.id && <Descriptions.Item label="校区">{h.unit.name}</Descriptions.Item>}
        <Descriptions.Item label="片区">{dash(h.areaName)}</Descriptions.Item>
        <Descriptions.Item label="隐患类别">{HAZARD_DOMAIN_LABELS[h.domain]}</Descriptions.Item>
        <Descriptions.Item label="等级">
          <GradeTag grade={h.grade} />
        </Descriptions.Item>
        <Descriptions.Item label="发现方式">{HAZARD_SOURCE_LABELS[h.source]}</Descriptions.Item>
        <Descriptions.Item label="位置">{dash(r.location)}</Descriptions.Item>
        <Descriptions.Item label="发现日期">{r.foundAt}</Descriptions.Item>
        <Descriptions.Item label="发现人">{dash(r.foundBy)}</Descriptions.Item>
        <Descriptions.Item label="上报">
          {userName(r.reportedBy?.userId)} · {dateTime(r.reportedAt)}
        </Descriptions.Item>
        <Descriptions.Item label="描述" span={COLUMNS}>
          <Text>{r.description}</Text>
        </Descriptions.Item>
        <Descriptions.Item label="整改前照片" span={COLUMNS}>
          <FileGallery ids={ids(r.photos)} files={files} kinds={kinds} empty="未上传照片" />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** A registry record by its kind and id: a link where the registry has a page for it, else its label. */
function RegistryRecordLink({ kind, recordId, label }: { kind: string; recordId: string; label: string }) {
  const path = registryRecordPath(kind, recordId);
  return path ? (
    <Link to={path} data-testid="hazard-origin-registry">
      {label}
    </Link>
  ) : (
    <span data-testid="hazard-origin-registry">{label}</span>
  );
}

/** Where the hazard came from (a check, a visit, a registry record, an earlier hazard) and what the follow-ups found; nothing when none. */
export function OriginCard({ d }: { d: HazardDetail }) {
  const o = d.origin;
  if (!(o.inspection || o.visit || o.registry || o.recurrenceOf || o.recurrences.length > 0 || o.followUps.length > 0)) return null;
  return (
    <Card size="small" title="来源与回头看" data-testid="hazard-origin">
      <Descriptions size="small" column={1}>
        {o.inspection && (
          <Descriptions.Item label="检查记录">
            <Link to={`/inspections/${o.inspection.id}`} data-testid="hazard-origin-inspection">
              {o.inspection.inspectedOn} {o.inspection.pointName ?? ''} 检查记录 #{o.inspection.id}
            </Link>
            {o.inspection.itemText && <span style={{ color: 'rgba(0,0,0,0.55)' }}>（不合格项：{o.inspection.itemText}）</span>}
          </Descriptions.Item>
        )}
        {o.visit && (
          <Descriptions.Item label="督查">
            <Link to={`/supervision/visits/${o.visit.id}`}>
              {o.visit.teamName} {o.visit.visitedOn ?? ''}
            </Link>
          </Descriptions.Item>
        )}
        {o.registry && (
          <Descriptions.Item label="安全台账">
            <RegistryRecordLink kind={o.registry.kind} recordId={o.registry.recordId} label={o.registry.label} />
            <span style={{ color: 'rgba(0,0,0,0.55)' }}>（自动发现）</span>
          </Descriptions.Item>
        )}
        {o.recurrenceOf && (
          <Descriptions.Item label="复发自">
            <Link to={`/hazards/${o.recurrenceOf.id}`}>{o.recurrenceOf.title}</Link>
          </Descriptions.Item>
        )}
        {o.recurrences.map((x) => (
          <Descriptions.Item key={x.id} label="回头看发现复发">
            <Link to={`/hazards/${x.id}`}>{x.title}</Link>
          </Descriptions.Item>
        ))}
        {o.followUps.map((f) => (
          <Descriptions.Item key={f.id} label={`回头看 ${f.checkedOn}`}>
            {f.outcome === 'holds' ? '问题未复发' : '问题复发'}
            {f.note ? `：${f.note}` : ''}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}

/** 整改五落实 once registered, or what registering will ask for. */
export function CommitmentsCard({ d, userName }: DetailCtx) {
  const h = d.hazard;
  const r = d.record;
  return (
    <Card size="small" title="整改五落实">
      {r.registeredAt ? (
        <Descriptions size="small" column={COLUMNS}>
          <Descriptions.Item label="责任人">{dash(r.owner)}</Descriptions.Item>
          <Descriptions.Item label="整改资金">{dash(fundsText(r.fundsFen))}</Descriptions.Item>
          <Descriptions.Item label="整改时限">
            <DueCell h={h} />
          </Descriptions.Item>
          <Descriptions.Item label="整改措施" span={COLUMNS}>
            <Text>{r.measures}</Text>
          </Descriptions.Item>
          <Descriptions.Item label="应急预案" span={COLUMNS}>
            <Text>{r.contingencyPlan}</Text>
          </Descriptions.Item>
          <Descriptions.Item label="登记" span={COLUMNS}>
            {userName(r.registeredBy?.userId)} · {dateTime(r.registeredAt)}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Text type="secondary">
          {h.state === 'rejected' ? '未登记（不予登记）' : '尚未登记。登记时须落实责任人、整改措施、整改资金、整改时限和应急预案。'}
        </Typography.Text>
      )}
    </Card>
  );
}

/** 临时管控措施 and 专人盯防: required of a major hazard once registered. */
export function ControlsCard({ d }: { d: HazardDetail }) {
  const major = d.hazard.grade === 'major';
  const r = d.record;
  return (
    <Card size="small" title="临时管控与专人盯防">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label="临时管控措施">
          {r.interimControls ? <Text>{r.interimControls}</Text> : <Typography.Text type={major ? 'danger' : 'secondary'}>{major && r.registeredAt ? '未填写' : '—'}</Typography.Text>}
        </Descriptions.Item>
        <Descriptions.Item label="专人盯防">{dash(r.watcher)}</Descriptions.Item>
      </Descriptions>
      {major && !r.registeredAt && <Typography.Text type="secondary">重大隐患登记时须落实临时管控措施和专人盯防。</Typography.Text>}
    </Card>
  );
}
