import { Alert, Button, DatePicker, Form, Input, InputNumber, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { DATE_RANGE } from '@xiaoan/domain';
import { useIsMobile } from '../../lib/useIsMobile';

/**
 * Form.Item props that keep a date as 'YYYY-MM-DD' in the form's values while the
 * DatePicker works with dayjs.
 */
export const dateItem = {
  getValueProps: (v: unknown) => ({ value: typeof v === 'string' && v ? dayjs(v) : undefined }),
  normalize: (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined),
};

/** A DatePicker limited to [min, max] (calendar dates 'YYYY-MM-DD', either may be open) and always to the API's DATE_RANGE. */
export function DateInput({ min, max, ...rest }: { min?: string | null; max?: string | null } & React.ComponentProps<typeof DatePicker>) {
  // On a phone the calendar is easier than the keyboard; on a desktop a date can be typed.
  const isMobile = useIsMobile();
  return (
    <DatePicker
      style={{ width: '100%' }}
      inputReadOnly={isMobile}
      disabledDate={(d) => {
        const s = d.format('YYYY-MM-DD');
        return (!!min && s < min) || (!!max && s > max) || s < DATE_RANGE.min || s > DATE_RANGE.max;
      }}
      {...rest}
    />
  );
}

const required = (label: string) => ({ required: true, whitespace: true, message: `请填写${label}` });

/** The plan (整改计划): dated steps; dates between `min` and `max`. */
export function MilestonesList({ name = 'plan', min, max, label = '整改计划', extra }: { name?: string; min?: string | null; max?: string | null; label?: string; extra?: React.ReactNode }) {
  return (
    <Form.Item label={label} extra={extra} style={{ marginBottom: 8 }}>
      <Form.List name={name}>
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}>
                <Typography.Text type="secondary" style={{ lineHeight: '32px', width: 20 }}>
                  {i + 1}.
                </Typography.Text>
                <Form.Item name={[f.name, 'title']} rules={[required('计划内容')]} style={{ flex: '2 1 200px', marginBottom: 8 }}>
                  <Input placeholder="计划内容，如：完成采购" maxLength={200} />
                </Form.Item>
                <Form.Item name={[f.name, 'dueDate']} rules={[{ required: true, message: '请选择完成日期' }]} style={{ flex: '1 1 140px', marginBottom: 8 }} {...dateItem}>
                  <DateInput min={min} max={max} placeholder="完成日期" />
                </Form.Item>
                <Button type="text" aria-label="删除此项" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} />
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" onClick={() => add({ title: '', dueDate: undefined })} icon={<PlusOutlined />} style={{ width: '100%' }}>
              添加计划节点
            </Button>
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

/**
 * 整改五落实 (owner, measures, funds, due date, contingency plan), and for a major hazard
 * also 临时管控措施 and 专人盯防 (then shown as required). Flat field names as in the API.
 */
export function CommitmentsFields({ major, foundAt, showPlan = true, dueLocked }: { major: boolean; foundAt?: string | null; showPlan?: boolean; dueLocked?: boolean }) {
  const due = Form.useWatch<string | undefined>('dueDate');
  return (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        <Form.Item name="owner" label="整改责任人" rules={[required('整改责任人')]} style={{ flex: '1 1 180px' }}>
          <Input placeholder="姓名（及职务）" maxLength={100} />
        </Form.Item>
        <Form.Item name="funds" label="整改资金" rules={[{ required: true, message: '请填写整改资金（不需要资金时填 0）' }]} style={{ flex: '1 1 160px' }}>
          <InputNumber min={0} max={1e10} precision={2} step={100} prefix="¥" suffix="元" style={{ width: '100%' }} placeholder="无需资金填 0" />
        </Form.Item>
        {!dueLocked && (
          <Form.Item name="dueDate" label="整改时限" rules={[{ required: true, message: '请选择整改时限' }]} style={{ flex: '1 1 160px' }} {...dateItem}>
            <DateInput min={foundAt} placeholder="最迟完成日期" />
          </Form.Item>
        )}
      </div>
      <Form.Item name="measures" label="整改措施" rules={[required('整改措施')]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder="具体怎么整改" />
      </Form.Item>
      <Form.Item name="contingencyPlan" label="应急预案" rules={[required('应急预案')]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder="整改完成前发生险情时如何处置" />
      </Form.Item>
      <Form.Item
        name="interimControls"
        label="临时管控措施"
        rules={major ? [required('临时管控措施（重大隐患必填）')] : []}
        extra={major ? undefined : '一时无法整改完成的，填写整改期间的临时管控措施'}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} placeholder="如：设置警戒线、停用相关区域" />
      </Form.Item>
      <Form.Item name="watcher" label="专人盯防" rules={major ? [required('专人盯防（重大隐患必填）')] : []}>
        <Input maxLength={100} placeholder="盯防人姓名" />
      </Form.Item>
      {showPlan && <MilestonesList min={foundAt} max={due} extra="可选：分步整改时列出各节点及完成日期（须在发现日期与整改时限之间）" />}
    </>
  );
}

// Kept here for the pages that import them with the form parts.
/** A refused form: the message, and the server's further problems as a list. */
export type FormErrorState = { title: string; list?: string[] };

export function FormErrorAlert({ error, testId, style }: { error: FormErrorState; testId: string; style?: React.CSSProperties }) {
  return (
    <Alert
      type="error"
      showIcon
      title={error.title}
      description={error.list?.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{error.list.map((m, i) => <li key={i}>{m}</li>)}</ul> : undefined}
      style={style}
      data-testid={testId}
    />
  );
}

export { fundsString, milestones, text } from './actions/values';
export { applyFieldErrors } from '../../lib/forms';
