import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Checkbox, Empty, Input, InputNumber, Modal, Result, Select, Space, Switch, Typography } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { can, REPORT_SUBMITTER_LABELS, scheduleOfCampaignRule, scheduleText, type ReportingKindCode } from '@xiaoan/domain';
import { useMe } from '../../auth/session';
import { errorMessage } from '../../api/client';
import type { CampaignDetail } from '../../api/campaigns';
import { reportApi, useRefreshReports, type CampaignRuleChoice, type ReportTypeT } from '../../api/reports';

/*
 * The campaign page's hook: its reporting rules (recognised by the plan import) become report
 * types in one step, each rule shown with the schedule it yields for the user to confirm,
 * name, and say who submits. All are created at once or none (the server's transaction).
 */

type Rule = CampaignDetail['reportingRules'][number];
type Choice = CampaignRuleChoice & { selected: boolean; stageMode: boolean };

const TEMPLATE_OPTIONS = [
  { value: 'summary', label: '工作总结（思想意识、行动能力、工作举措、成果实效、下阶段目标）' },
  { value: 'list', label: '隐患问题清单（本月隐患自动汇总）' },
  { value: 'plain', label: '文字报送（一个栏目）' },
] as const;

const KIND_WORD: Record<string, string> = { once: '报告', yearly: '年度总结', monthly: '月报', weekly: '周报', quarterly: '季度总结', termly: '学期总结' };

function initialChoice(campaign: CampaignDetail, r: Rule, i: number): Choice {
  const text = r.text;
  const template = /隐患|清单|台账/.test(text) ? 'list' : /总结|报告/.test(text) ? 'summary' : 'plain';
  const name = `${campaign.campaign.title}${KIND_WORD[r.kind] ?? '报送'}`.slice(0, 100);
  return {
    ruleId: r.id,
    code: `campaign-${campaign.campaign.id}-${i + 1}`,
    name,
    submitterKind: /督查组/.test(text) ? 'team' : /科室/.test(text) ? 'department' : 'school',
    template,
    lateAccepted: true,
    selected: true,
    stageMode: false,
    stageAfterDays: 7,
  };
}

function scheduleOf(r: Rule, c: Choice): { text: string; problem: string | null } {
  try {
    const s = scheduleOfCampaignRule({ text: r.text, kind: r.kind as ReportingKindCode, dueDate: r.dueDate, dayOfMonth: r.dayOfMonth, month: r.month }, c.stageMode ? { stageAfterDays: c.stageAfterDays ?? 0 } : {});
    const problem = s.periodKind === 'once' && s.dueRule.kind !== 'on' ? '没有识别出截止日期：请先在专项整治中补充日期，或改为按阶段报送' : null;
    return { text: scheduleText(s), problem };
  } catch (e) {
    return { text: '—', problem: errorMessage(e) };
  }
}

export function CampaignReportTypesButton({ campaign }: { campaign: CampaignDetail }) {
  const me = useMe();
  const { message } = App.useApp();
  const refresh = useRefreshReports();
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<ReportTypeT[] | null>(null);
  const rules = campaign.reportingRules;

  useEffect(() => {
    if (open) {
      setChoices(rules.map((r, i) => initialChoice(campaign, r, i)));
      setError(null);
      setCreated(null);
    }
    // Fresh proposals each time the dialog opens.
  }, [open]);

  if (!can(me.role, 'report_type.manage') || rules.length === 0) return null;

  const patch = (i: number, p: Partial<Choice>) => setChoices((cs) => cs.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const picked = choices.filter((c) => c.selected);

  const create = async () => {
    const blank = picked.find((c) => !c.name.trim() || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(c.code));
    if (blank) {
      setError('每条要生成的规则都须有报表名称，报表代码只能用小写字母、数字和连字符');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await reportApi.fromCampaign(campaign.campaign.id, {
        rules: picked.map((c) => ({
          ruleId: c.ruleId,
          code: c.code,
          name: c.name.trim(),
          submitterKind: c.submitterKind,
          template: c.template,
          lateAccepted: c.lateAccepted,
          ...(c.stageMode ? { stageAfterDays: c.stageAfterDays ?? 0 } : {}),
        })),
      });
      refresh();
      setCreated(res.items);
      void message.success(`已生成 ${res.total} 类报表`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<FileAddOutlined />} onClick={() => setOpen(true)} data-testid="campaign-report-types">
        按报送要求生成报表
      </Button>
      <Modal
        open={open}
        width={760}
        title="按报送要求生成报表类型"
        onCancel={() => setOpen(false)}
        okText={created ? '完成' : `确认生成 ${picked.length} 类报表`}
        cancelText={created ? '关闭' : '取消'}
        onOk={() => (created ? setOpen(false) : void create())}
        okButtonProps={{ disabled: !created && picked.length === 0, 'data-testid': 'campaign-report-types-ok' } as never}
        confirmLoading={busy}
      >
        {created ? (
          <Result
            status="success"
            title={`已生成 ${created.length} 类报表`}
            subTitle={created.map((t) => t.name).join('、')}
            extra={<Link to="/reports/manage">去报送管理查看</Link>}
          />
        ) : (
          <Space orientation="vertical" size={12} style={{ display: 'flex' }}>
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              以下是从实施方案中识别出的报送要求。请逐条核对生成的报送周期和截止时间，勾选要生成的规则。
            </Typography.Paragraph>
            {error && <Alert type="error" showIcon title={error} data-testid="campaign-report-types-error" />}
            {choices.length === 0 && <Empty description="没有报送要求" />}
            {choices.map((c, i) => {
              const rule = rules[i]!;
              const sched = scheduleOf(rule, c);
              const idp = `crt-${rule.id}`;
              return (
                <Card key={rule.id} size="small" data-testid="campaign-rule" style={{ opacity: c.selected ? 1 : 0.6 }}>
                  <Checkbox checked={c.selected} onChange={(e) => patch(i, { selected: e.target.checked })} aria-label={`生成：${rule.text}`}>
                    <Typography.Text strong className="xa-wrap">
                      “{rule.text}”
                    </Typography.Text>
                  </Checkbox>
                  <div style={{ margin: '6px 0 8px 24px' }}>
                    <Typography.Text type={sched.problem ? 'danger' : 'secondary'}>生成后：{sched.problem ?? sched.text}</Typography.Text>
                  </div>
                  {c.selected && (
                    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))', gap: 8, marginLeft: 24 }}>
                      <label htmlFor={`${idp}-name`}>
                        <div>报表名称</div>
                        <Input id={`${idp}-name`} value={c.name} maxLength={100} onChange={(e) => patch(i, { name: e.target.value })} />
                      </label>
                      <label htmlFor={`${idp}-code`}>
                        <div>报表代码</div>
                        <Input id={`${idp}-code`} value={c.code} maxLength={64} onChange={(e) => patch(i, { code: e.target.value.toLowerCase() })} />
                      </label>
                      <div>
                        <div id={`${idp}-who`}>报送单位</div>
                        <Select
                          aria-labelledby={`${idp}-who`}
                          style={{ width: '100%' }}
                          value={c.submitterKind}
                          onChange={(v) => patch(i, { submitterKind: v })}
                          options={(Object.keys(REPORT_SUBMITTER_LABELS) as (keyof typeof REPORT_SUBMITTER_LABELS)[]).map((k) => ({ value: k, label: REPORT_SUBMITTER_LABELS[k] }))}
                        />
                      </div>
                      <div>
                        <div id={`${idp}-tpl`}>内容</div>
                        <Select aria-labelledby={`${idp}-tpl`} style={{ width: '100%' }} value={c.template} onChange={(v) => patch(i, { template: v })} options={[...TEMPLATE_OPTIONS]} />
                      </div>
                      <div>
                        <Space>
                          <Switch checked={c.lateAccepted} onChange={(v) => patch(i, { lateAccepted: v })} aria-label="逾期仍可补报" />
                          <span>{c.lateAccepted ? '逾期仍可补报（记为逾期）' : '截止后锁定'}</span>
                        </Space>
                      </div>
                      <div>
                        <Space wrap>
                          <Checkbox checked={c.stageMode} onChange={(e) => patch(i, { stageMode: e.target.checked })}>
                            按阶段报送，阶段结束后
                          </Checkbox>
                          <InputNumber aria-label="阶段结束后天数" min={0} max={366} value={c.stageAfterDays} disabled={!c.stageMode} onChange={(v) => patch(i, { stageAfterDays: v ?? 0 })} style={{ width: 70 }} />
                          <span>天内</span>
                        </Space>
                      </div>
                    </div>
                  )}
                </Card>
              );
            })}
          </Space>
        )}
      </Modal>
    </>
  );
}
