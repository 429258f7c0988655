import { useEffect, useRef, useState } from 'react';
import { PictureOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import {
  BUILDING_GRADE_LABELS,
  BUILDING_GRADES,
  BUILDING_STRUCTURE_LABELS,
  BUILDING_STRUCTURES,
  BUILDING_USE_LABELS,
  BUILDING_USES,
  CANTEEN_POST_LABELS,
  CANTEEN_POSTS,
  DRILL_KIND_LABELS,
  DRILL_KINDS,
  DRILL_RATING_LABELS,
  DRILL_RATINGS,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  STAFF_STATUS_LABELS,
  STAFF_STATUSES,
} from '@xiaoan/domain';
import { errorMessage } from '../../../api/client';
import { keys } from '../../../api/keys';
import { siteApi, type BuildingSummary, type CanteenStaffSummary, type PlanSummary, type SiteKind } from '../../../api/site';
import { DayPicker } from '../../../components/DayPicker';
import { PhotoInput } from '../../../components/PhotoInput';
import { useIsMobile } from '../../../lib/useIsMobile';
import { checkFile, uploadFile } from '../../../lib/upload';
import { useVersionedSave } from '../../../lib/useVersionedSave';

/** The drawers that record or edit a site registry record (buildings, plans, canteen staff by the school admin; drills by school staff too). */

const options = <K extends string>(values: readonly K[], labels: Record<K, string>) => values.map((v) => ({ value: v, label: labels[v] }));
type Values = Record<string, unknown>;
type Editable = BuildingSummary | PlanSummary | CanteenStaffSummary;

function initial(kind: SiteKind, r: Editable | null): Values {
  if (r) return { ...r };
  if (kind === 'buildings') return { use: 'teaching', structure: 'frame', inUse: true };
  if (kind === 'emergency-plans') return { kind: 'comprehensive', revisionMonths: 12, versionLabel: 'V1' };
  if (kind === 'drills') return { kind: 'fire_evacuation', rating: 'good' };
  return { post: 'cook', status: 'active' };
}

const TITLES: Record<SiteKind, [string, string]> = {
  buildings: ['登记校舍', '修改校舍'],
  'emergency-plans': ['登记应急预案', '修改应急预案 / 登记修订'],
  drills: ['登记应急演练', '登记应急演练'],
  'canteen-staff': ['登记食堂从业人员', '修改食堂从业人员'],
};

const s = (v: unknown) => (typeof v === 'string' ? v : '');
const n = (v: unknown) => (typeof v === 'number' ? v : (undefined as unknown as number));

export function SiteFormDrawer({ kind, open, record, schoolId, onClose, onSaved }: { kind: SiteKind; open: boolean; record: Editable | null; schoolId?: string; onClose: () => void; onSaved: (id: string) => void }) {
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const isMobile = useIsMobile();
  const [photos, setPhotos] = useState<{ id: string; name: string }[]>([]);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const album = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue(initial(kind, record));
      setPhotos([]);
    }
  }, [open, record, form, kind]);
  const { submit, saving, error } = useVersionedSave<Editable, Values, { item: { id: string } }>({
    form,
    record,
    save: (base, v) => {
      if (kind === 'buildings') {
        const f = { name: s(v.name), use: v.use as BuildingSummary['use'], floors: n(v.floors), builtYear: n(v.builtYear), structure: v.structure as BuildingSummary['structure'], areaM2: (v.areaM2 as number | null) ?? null, grade: s(v.grade), appraisedOn: s(v.appraisedOn), reportNo: s(v.reportNo), inUse: v.inUse === true, note: s(v.note) };
        return base ? siteApi.updateBuilding(base.id, { version: base.version, ...f }) : siteApi.createBuilding({ schoolId, ...f });
      }
      if (kind === 'emergency-plans') {
        const f = { title: s(v.title), kind: v.kind as PlanSummary['kind'], versionLabel: s(v.versionLabel), issuedOn: s(v.issuedOn), revisedOn: s(v.revisedOn), revisionMonths: n(v.revisionMonths), ownerName: s(v.ownerName), note: s(v.note) };
        return base ? siteApi.updatePlan(base.id, { version: base.version, ...f }) : siteApi.createPlan({ schoolId, ...f });
      }
      if (kind === 'drills') {
        return siteApi.createDrill({ schoolId, title: s(v.title), kind: v.kind as 'fire_evacuation', heldOn: s(v.heldOn), participants: n(v.participants), durationMinutes: n(v.durationMinutes), rating: v.rating as 'good', evaluation: s(v.evaluation), photoFileIds: photos.map((p) => p.id) });
      }
      const f = { name: s(v.name), idNumber: s(v.idNumber), post: v.post as CanteenStaffSummary['post'], phone: s(v.phone), certNo: s(v.certNo), certIssuedOn: s(v.certIssuedOn), certExpiresOn: s(v.certExpiresOn) };
      return base ? siteApi.updateStaff(base.id, { version: base.version, ...f, status: v.status as CanteenStaffSummary['status'] }) : siteApi.createStaff({ schoolId, ...f });
    },
    refresh: [keys.site.all],
    staleMessage: '该记录已被他人修改，请关闭后重新打开',
    onSuccess: async (d) => {
      await qc.invalidateQueries({ queryKey: keys.site.all });
      onSaved(d.item.id);
    },
  });
  const pick = async (files: FileList | null) => {
    const list = [...(files ?? [])].slice(0, 9 - photos.length);
    setUploadError(null);
    setUploading(true);
    try {
      for (const file of list) {
        const problem = checkFile(file, 'photo');
        if (problem) {
          setUploadError(problem);
          continue;
        }
        const ref = await uploadFile(file, { unitId: schoolId ?? '' });
        setPhotos((p) => [...p, { id: ref.id, name: ref.originalName }]);
      }
    } catch (e) {
      setUploadError(errorMessage(e));
    } finally {
      setUploading(false);
    }
  };
  const req = (message: string) => [{ required: true, message }];
  const text = (name: string, label: string, max: number, required = true, testId?: string) => (
    <Form.Item name={name} label={label} rules={required ? [{ required: true, whitespace: true, message: `请填写${label}` }] : []}>
      <Input maxLength={max} data-testid={testId} />
    </Form.Item>
  );
  const day = (name: string, label: string, required = true) => (
    <Form.Item name={name} label={label} rules={required ? req(`请选择${label}`) : []}>
      <DayPicker style={{ width: '100%' }} aria-label={label} />
    </Form.Item>
  );
  const num = (name: string, label: string, min: number, max: number, required = true) => (
    <Form.Item name={name} label={label} rules={required ? req(`请填写${label}`) : []}>
      <InputNumber min={min} max={max} style={{ width: '100%' }} aria-label={label} />
    </Form.Item>
  );
  const select = (name: string, label: string, opts: { value: string; label: string }[], testId?: string) => (
    <Form.Item name={name} label={label} rules={req(`请选择${label}`)}>
      <Select options={opts} aria-label={label} data-testid={testId} />
    </Form.Item>
  );
  const col = (node: React.ReactNode, full = false) => <Col xs={24} sm={full ? 24 : 12}>{node}</Col>;
  let fields: React.ReactNode;
  if (kind === 'buildings') {
    fields = (
      <>
        {col(text('name', '校舍名称', 100, true, 'site-name'))}
        {col(select('use', '用途', options(BUILDING_USES, BUILDING_USE_LABELS)))}
        {col(num('floors', '层数', 1, 60))}
        {col(num('builtYear', '建成年份', 1900, 2100))}
        {col(select('structure', '结构类型', options(BUILDING_STRUCTURES, BUILDING_STRUCTURE_LABELS)))}
        {col(num('areaM2', '建筑面积（㎡）', 1, 1_000_000, false))}
        {col(select('grade', '鉴定等级', options(BUILDING_GRADES, BUILDING_GRADE_LABELS), 'site-grade'))}
        {col(day('appraisedOn', '鉴定日期'))}
        {col(text('reportNo', '鉴定报告编号', 200, false))}
        {col(
          <Form.Item name="inUse" label="是否在用" valuePropName="checked">
            <Switch checkedChildren="在用" unCheckedChildren="停用" aria-label="是否在用" />
          </Form.Item>,
        )}
        {col(
          <Form.Item name="note" label="备注">
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>,
          true,
        )}
        <Col xs={24}>
          <Typography.Text type="secondary">D 级（整幢危房）仍在用的，保存后即登记为重大隐患，并由教育局挂牌督办。</Typography.Text>
        </Col>
      </>
    );
  } else if (kind === 'emergency-plans') {
    fields = (
      <>
        {col(text('title', '预案名称', 100, true, 'site-name'))}
        {col(select('kind', '预案类别', options(PLAN_KINDS, PLAN_KIND_LABELS)))}
        {col(text('versionLabel', '版本号', 20))}
        {col(text('ownerName', '责任人', 50))}
        {col(day('issuedOn', '发布日期'))}
        {col(day('revisedOn', '最近修订日期'))}
        {col(num('revisionMonths', '修订周期（月）', 1, 60))}
        {col(
          <Form.Item name="note" label="备注">
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>,
          true,
        )}
      </>
    );
  } else if (kind === 'drills') {
    fields = (
      <>
        {col(text('title', '演练名称', 100, true, 'site-name'))}
        {col(select('kind', '演练类别', options(DRILL_KINDS, DRILL_KIND_LABELS)))}
        {col(day('heldOn', '演练日期'))}
        {col(num('participants', '参演人数', 1, 100000))}
        {col(num('durationMinutes', '时长（分钟）', 1, 1440))}
        {col(select('rating', '评估结论', options(DRILL_RATINGS, DRILL_RATING_LABELS)))}
        {col(
          <Form.Item name="evaluation" label="评估与改进" rules={[{ required: true, whitespace: true, message: '请填写评估与改进' }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={4000} data-testid="site-evaluation" />
          </Form.Item>,
          true,
        )}
        <Col xs={24}>
          <Space wrap>
            <Button icon={<PictureOutlined />} onClick={() => album.current?.click()} disabled={photos.length >= 9}>
              添加现场照片
            </Button>
            <PhotoInput ref={album} source="album" onFiles={(f) => void pick(f)} label="添加现场照片" testId="site-photos" tabIndex={-1} />
            <Typography.Text type="secondary">{uploading ? '上传中…' : `已添加 ${photos.length} 张（最多 9 张）`}</Typography.Text>
          </Space>
          {uploadError && <Alert type="error" showIcon title={uploadError} style={{ marginTop: 8 }} />}
        </Col>
      </>
    );
  } else {
    fields = (
      <>
        {col(text('name', '姓名', 50, true, 'site-name'))}
        {col(text('idNumber', '身份证号', 18, true, 'site-id-number'))}
        {col(select('post', '岗位', options(CANTEEN_POSTS, CANTEEN_POST_LABELS)))}
        {col(text('phone', '联系电话', 30, false))}
        {col(text('certNo', '健康证编号', 50))}
        {col(day('certIssuedOn', '发证日期'))}
        {col(day('certExpiresOn', '健康证有效期至'))}
        {record && col(select('status', '状态', options(STAFF_STATUSES, STAFF_STATUS_LABELS)))}
      </>
    );
  }
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={TITLES[kind][record ? 1 : 0]}
      size={isMobile ? '100%' : 600}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving || uploading} onClick={() => void submit()} data-testid="site-save">
            保存
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" data-testid="site-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="site-form-error" />}
        <Row gutter={12}>{fields}</Row>
      </Form>
    </Drawer>
  );
}
