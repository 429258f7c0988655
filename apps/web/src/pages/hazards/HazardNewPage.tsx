import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Row, Segmented, Select, Space, Typography } from 'antd';
import { HAZARD_ACTION_ROLES, HAZARD_DOMAIN_LABELS, HAZARD_DOMAINS, HAZARD_GRADE_LABELS, HAZARD_GRADES, HAZARD_SOURCE_LABELS, HAZARD_SOURCES, type HazardDomain, type HazardGrade, type HazardSource } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { ApiError, errorMessage } from '../../api/client';
import { createHazard, hazardDetailKey } from '../../api/hazards';
import type { CreateHazardBody } from '../../api/types';
import { BackLink, PageTitle } from '../../components/common';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { applyFieldErrors, CommitmentsFields, DateInput, dateItem, text } from '../../components/hazard/formParts';
import { commitmentsBody } from '../../components/hazard/actions/values';
import { UploadField } from '../../components/hazard/UploadField';
import { validated } from '../../lib/forms';
import { todayYmd } from '../../lib/hazard';
import { uuid } from '../../lib/uuid';
import { keys } from '../../api/keys';

type Mode = 'report' | 'register' | 'fixed';

type Values = {
  unitId?: string;
  domain?: HazardDomain;
  grade: HazardGrade;
  source: HazardSource;
  title?: string;
  description?: string;
  location?: string;
  foundAt?: string;
  foundBy?: string;
  photoIds?: string[];
  fixPhotoIds?: string[];
  fixNote?: string;
  owner?: string;
  measures?: string;
  funds?: number;
  dueDate?: string;
  contingencyPlan?: string;
  interimControls?: string;
  watcher?: string;
  plan?: { title?: string; dueDate?: string }[];
};

const MODE_HELP: Record<Mode, string> = {
  report: '只登记发现的问题，由学校安全管理员随后落实整改五落实（登记）。',
  register: '上报的同时完成登记：落实责任人、整改措施、整改资金、整改时限和应急预案。',
  fixed: '当场已整改完毕的一般隐患：须上传整改前和整改后照片，由他人验收销号。',
};

/** 上报隐患 on a desktop: report only, report and register at once, or 立行立改. */
export default function HazardNewPage() {
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const schoolSide = me.unit.kind === 'school' || me.unit.kind === 'campus';
  const canRegister = HAZARD_ACTION_ROLES.register.includes(me.role);
  const canFix = HAZARD_ACTION_ROLES.report_fixed.includes(me.role);
  const [mode, setMode] = useState<Mode>('report');
  const [busy, setBusy] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ title: string; list: string[] } | null>(null);
  // One key per form: a retry after a lost answer cannot create the hazard twice.
  const key = useRef(uuid());
  const grade = Form.useWatch('grade', form);
  const foundAt = Form.useWatch('foundAt', form);
  const unitId = Form.useWatch('unitId', form);
  const today = todayYmd();

  const modes = useMemo(
    () => [
      { value: 'report' as const, label: '仅上报' },
      ...(canRegister ? [{ value: 'register' as const, label: '上报并登记' }] : []),
      ...(canFix ? [{ value: 'fixed' as const, label: '立行立改' }] : []),
    ],
    [canRegister, canFix],
  );

  const onBusy = (b: boolean) => setBusy((n) => Math.max(0, n + (b ? 1 : -1)));

  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    const body: CreateHazardBody = {
      unitId: v.unitId ?? me.unit.id,
      domain: v.domain!,
      grade: v.grade,
      source: v.source,
      title: text(v.title) ?? '',
      description: text(v.description) ?? '',
      location: text(v.location),
      photoIds: v.photoIds?.length ? v.photoIds : undefined,
      foundAt: v.foundAt ?? today,
      foundBy: text(v.foundBy) ?? me.displayName,
    };
    if (mode === 'register') {
      // The same body as the detail page's 登记 and the one-step register from a check (a blank funds field is refused, not ¥0).
      body.register = commitmentsBody(v as Record<string, unknown>);
    }
    if (mode === 'fixed') body.fixedOnSpot = { fixPhotoIds: v.fixPhotoIds ?? [], fixNote: text(v.fixNote) };
    setSaving(true);
    setError(null);
    try {
      const res = await createHazard(body, key.current);
      qc.setQueryData(hazardDetailKey(res.hazard.id), res);
      void qc.invalidateQueries({ queryKey: keys.hazards.lists() });
      void qc.invalidateQueries({ queryKey: keys.home.all });
      // What happened, and (from the server's next step) who acts now.
      const done = mode === 'fixed' ? '已上报立行立改' : mode === 'register' ? '已上报并登记' : '已上报';
      message.success(`${done}。${res.nextStep.text}`);
      void navigate(`/hazards/${res.hazard.id}`, { replace: true });
    } catch (e) {
      // A refused body will be refused again: the next attempt is a new request.
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) key.current = uuid();
      const { shown, rest } = applyFieldErrors(form, e);
      setError({ title: shown && rest.length ? '还有以下问题：' : errorMessage(e), list: rest });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <BackLink to="/hazards">隐患台账</BackLink>
      <PageTitle title="上报隐患" sub="发现的安全隐患登记入台账；手机上可用“随手报”拍照上报" />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark
        scrollToFirstError
        initialValues={{
          unitId: schoolSide ? me.unit.id : undefined,
          grade: 'general',
          source: schoolSide ? 'self' : me.role === 'team_member' ? 'supervision' : 'spot',
          foundAt: today,
          foundBy: me.displayName,
        }}
        onValuesChange={(c: Partial<Values>) => {
          if (c.grade === 'major' && mode === 'fixed') setMode('report');
        }}
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Card size="small" title="隐患情况">
              {!schoolSide && (
                <Form.Item name="unitId" label="学校" rules={[{ required: true, message: '请选择隐患所在的学校' }]}>
                  <UnitTreeSelect allow={['school', 'campus']} placeholder="选择学校或校区" />
                </Form.Item>
              )}
              {schoolSide && (
                <Form.Item label="学校">
                  <Typography.Text>{me.unit.name}</Typography.Text>
                </Form.Item>
              )}
              <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '请用一句话写明隐患' }]}>
                <Input maxLength={200} placeholder="一句话写明隐患，如：教学楼三楼消防栓水压不足" />
              </Form.Item>
              <Form.Item name="description" label="描述" rules={[{ required: true, whitespace: true, message: '请填写隐患描述' }]}>
                <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} placeholder="具体情况、影响范围" />
              </Form.Item>
              <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
                <Form.Item name="domain" label="隐患类别" rules={[{ required: true, message: '请选择隐患类别' }]} style={{ flex: '1 1 200px' }}>
                  <Select placeholder="选择类别" options={HAZARD_DOMAINS.map((d) => ({ value: d, label: HAZARD_DOMAIN_LABELS[d] }))} />
                </Form.Item>
                <Form.Item name="grade" label="等级" rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
                  <Select options={HAZARD_GRADES.map((g) => ({ value: g, label: HAZARD_GRADE_LABELS[g] }))} />
                </Form.Item>
                <Form.Item name="source" label="发现方式" rules={[{ required: true }]} style={{ flex: '1 1 140px' }}>
                  <Select options={HAZARD_SOURCES.map((s) => ({ value: s, label: HAZARD_SOURCE_LABELS[s] }))} />
                </Form.Item>
              </div>
              <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
                <Form.Item name="location" label="位置" style={{ flex: '2 1 220px' }}>
                  <Input maxLength={200} placeholder="如：教学楼三楼东侧走廊" />
                </Form.Item>
                <Form.Item name="foundAt" label="发现日期" rules={[{ required: true, message: '请选择发现日期' }]} style={{ flex: '1 1 150px' }} {...dateItem}>
                  <DateInput max={today} allowClear={false} />
                </Form.Item>
                <Form.Item name="foundBy" label="发现人" rules={[{ required: true, whitespace: true, message: '请填写发现人' }]} style={{ flex: '1 1 140px' }}>
                  <Input maxLength={100} />
                </Form.Item>
              </div>
              <Form.Item
                name="photoIds"
                label={mode === 'fixed' ? '整改前照片' : '现场照片'}
                rules={mode === 'fixed' ? [{ required: true, type: 'array', min: 1, message: '立行立改须上传整改前照片' }] : []}
              >
                <UploadField unitId={unitId ?? (schoolSide ? me.unit.id : undefined)} allow="photo" onBusyChange={onBusy} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Card size="small" title="处理方式">
              <Segmented<Mode>
                aria-label="处理方式"
                block
                value={mode}
                onChange={(m) => {
                  if (m === 'fixed' && grade === 'major') {
                    message.warning('重大隐患不能立行立改，须登记后限期整改');
                    return;
                  }
                  setMode(m);
                }}
                options={modes}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                {MODE_HELP[mode]}
              </Typography.Paragraph>
              {grade === 'major' && (
                <Alert type="warning" showIcon style={{ marginTop: 12 }} title="重大隐患：登记时还须落实临时管控措施和专人盯防；不能立行立改。" />
              )}
            </Card>
          </Col>
          {mode === 'register' && (
            <Col xs={24} xl={16}>
              <Card size="small" title="整改五落实（登记）">
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 16 }}
                  title="责任人、整改措施、整改资金（无需资金填 0）、整改时限、应急预案缺一不可"
                  description={grade === 'major' ? '重大隐患还须填写临时管控措施和专人盯防。' : '一时无法整改完成的，请同时填写临时管控措施。'}
                />
                <CommitmentsFields major={grade === 'major'} foundAt={foundAt} />
              </Card>
            </Col>
          )}
          {mode === 'fixed' && (
            <Col xs={24} xl={16}>
              <Card size="small" title="立行立改">
                <Alert type="info" showIcon style={{ marginBottom: 16 }} title="仅限一般隐患。须有整改前照片（上方）和整改后照片；提交后由他人验收销号。" />
                <Form.Item name="fixPhotoIds" label="整改后照片" rules={[{ required: true, type: 'array', min: 1, message: '立行立改须上传整改后照片' }]}>
                  <UploadField unitId={unitId ?? (schoolSide ? me.unit.id : undefined)} allow="photo" onBusyChange={onBusy} />
                </Form.Item>
                <Form.Item name="fixNote" label="整改说明">
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder="当场如何整改的" />
                </Form.Item>
              </Card>
            </Col>
          )}
          <Col xs={24} xl={16}>
            {error && (
              <Alert
                type="error"
                showIcon
                title={error.title}
                description={error.list.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.list.map((m, i) => <li key={i}>{m}</li>)}</ul> : undefined}
                style={{ marginBottom: 12 }}
                data-testid="hazard-form-error"
              />
            )}
            <Space>
              <Button type="primary" size="large" loading={saving} disabled={busy > 0} onClick={() => void submit()} data-testid="hazard-form-submit">
                {busy > 0 ? '照片上传中…' : mode === 'register' ? '上报并登记' : mode === 'fixed' ? '提交立行立改' : '上报'}
              </Button>
              <Button size="large" onClick={() => void navigate(-1)}>
                取消
              </Button>
            </Space>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
