import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { HAZARD_ACTION_PATHS, HazardActionBodies } from '@xiaoan/contracts';
import { applyAction, HAZARD_ACTION_LABELS, HAZARD_ACTIONS, type Hazard, type HazardActor } from '@xiaoan/domain';
import type { HazardDetail } from '../../../api/types';
import { actionForm, actionTone, HAZARD_ACTION_FORMS, orderedActions, type DetailAction } from './registry';
import type { FormValues } from './types';
import { ownChanges } from './values';

const NOW = new Date('2026-11-20T02:00:00Z');
const admin: HazardActor = { userId: '7', role: 'school_admin', actorCoversUnit: true };

function performed(r: ReturnType<typeof applyAction>): Hazard {
  if (!r.ok) throw new Error(`domain refused: ${JSON.stringify(r)}`);
  return r.next;
}

/** A reported hazard, then the same hazard registered with a two-step plan: built by the domain, as the server would. */
const reported = performed(
  applyAction(
    null,
    'report',
    { unitId: '12', domain: 'fire', grade: 'general', source: 'self', title: '走廊灭火器过期', description: '二楼东侧 2 具', location: '教学楼二楼', foundAt: '2026-11-18', foundBy: '周明' },
    admin,
    NOW,
  ),
);
const registered = performed(
  applyAction(
    reported,
    'register',
    {
      owner: '周明',
      measures: '更换灭火器',
      fundsFen: 86000,
      dueDate: '2026-12-10',
      contingencyPlan: '增设临时灭火器',
      interimControls: '每日巡查',
      plan: [
        { title: '采购', dueDate: '2026-11-25' },
        { title: '更换', dueDate: '2026-12-05' },
      ],
    },
    admin,
    NOW,
  ),
);

/** Sample form values for every action and the exact body they must send; a missing action fails to compile. */
const CASES: { [A in DetailAction]: { record?: Hazard; values: FormValues; body: Record<string, unknown> } } = {
  register: {
    record: reported,
    values: {
      owner: ' 周明（安全管理员） ',
      funds: 860,
      dueDate: '2026-12-10',
      measures: '更换过期灭火器 4 具',
      contingencyPlan: '增设临时灭火器',
      interimControls: '  ',
      watcher: '李强',
      plan: [{ title: ' 采购 ', dueDate: '2026-11-25' }, { title: '', dueDate: undefined }],
    },
    body: {
      owner: '周明（安全管理员）',
      measures: '更换过期灭火器 4 具',
      funds: '860.00',
      dueDate: '2026-12-10',
      contingencyPlan: '增设临时灭火器',
      interimControls: undefined,
      watcher: '李强',
      plan: [{ title: '采购', dueDate: '2026-11-25' }],
    },
  },
  reject: { record: reported, values: { reason: 'duplicate', text: '与 3 月 5 日上报的重复 ' }, body: { reason: 'duplicate', text: '与 3 月 5 日上报的重复' } },
  start_rectification: { values: {}, body: {} },
  request_verification: { values: { evidenceIds: ['31', '32'], note: '已更换' }, body: { evidenceIds: ['31', '32'], note: '已更换' } },
  close: { values: { comment: '现场复查到位', fileIds: [] }, body: { comment: '现场复查到位', fileIds: undefined } },
  return: { values: { reason: '照片看不清' }, body: { reason: '照片看不清' } },
  edit: {
    values: { title: '走廊灭火器过期（4 具）', description: '二楼东侧 2 具', funds: 900.5, interimControls: '', addPhotoIds: ['40'], addMilestones: [{ title: '验收', dueDate: '2026-12-08' }] },
    body: { title: '走廊灭火器过期（4 具）', interimControls: null, funds: '900.50', addPhotoIds: ['40'], addMilestones: [{ title: '验收', dueDate: '2026-12-08' }] },
  },
  list: { values: { reason: '整改难度大' }, body: { reason: '整改难度大' } },
  delist: { values: { reason: '已有专项资金' }, body: { reason: '已有专项资金' } },
  escalate: { values: { note: '需要交警部门设置减速带' }, body: { note: '需要交警部门设置减速带' } },
  file_overdue_explanation: {
    values: { reason: '供货延迟', plan: [{ title: '到货更换', dueDate: '2026-12-20' }] },
    body: { reason: '供货延迟', plan: [{ title: '到货更换', dueDate: '2026-12-20' }] },
  },
  request_extension: { values: { requestedDueDate: '2026-12-31', reason: '供货延迟' }, body: { requestedDueDate: '2026-12-31', reason: '供货延迟' } },
  approve_extension: { values: { newDueDate: '2026-12-28', comment: undefined }, body: { newDueDate: '2026-12-28', comment: undefined } },
  reject_extension: { values: { reason: '可先行更换' }, body: { reason: '可先行更换' } },
  add_progress: { values: { milestoneIndex: 1, note: '已采购到货', done: true, fileIds: ['50'] }, body: { milestoneIndex: 1, note: '已采购到货', done: true, fileIds: ['50'] } },
};

describe('the action-form registry', () => {
  it('has a form for every domain action on an existing hazard and for every contract route, and no other', () => {
    const creating = ['report', 'report_fixed'];
    const expected = HAZARD_ACTIONS.filter((a) => !creating.includes(a)).sort();
    expect(Object.keys(HAZARD_ACTION_FORMS).sort()).toEqual(expected);
    expect(Object.keys(HazardActionBodies).sort()).toEqual(expected);
    expect(Object.keys(HAZARD_ACTION_PATHS).sort()).toEqual(expected);
  });

  it('names each action as the domain does, so buttons, titles and the timeline read alike', () => {
    for (const [a, form] of Object.entries(HAZARD_ACTION_FORMS)) expect(form.label).toBe(HAZARD_ACTION_LABELS[a as DetailAction]);
  });

  it('gives every action its own button position and a submit text', () => {
    const orders = Object.values(HAZARD_ACTION_FORMS).map((f) => f.order);
    expect(new Set(orders).size).toBe(orders.length);
    for (const f of Object.values(HAZARD_ACTION_FORMS)) expect(f.submitText.trim()).not.toBe('');
  });

  it('orders the buttons with the next step of the loop first, leaving out actions the web has no form for', () => {
    expect(orderedActions(['edit', 'reject', 'report', 'register', 'some_future_action'])).toEqual(['register', 'reject', 'edit']);
    expect(orderedActions(['request_extension', 'add_progress', 'request_verification', 'file_overdue_explanation'])).toEqual([
      'request_verification',
      'file_overdue_explanation',
      'add_progress',
      'request_extension',
    ]);
  });

  it('makes 逾期说明 the primary button only while the explanation is required', () => {
    expect(actionTone('file_overdue_explanation', { overdueExplanationRequired: true } as HazardDetail)).toBe('primary');
    expect(actionTone('file_overdue_explanation', { overdueExplanationRequired: false } as HazardDetail)).toBe('default');
    expect(actionTone('reject', { overdueExplanationRequired: false } as HazardDetail)).toBe('danger');
  });
});

describe('each action form builds exactly its contract body', () => {
  for (const action of Object.keys(CASES) as DetailAction[]) {
    it(`${action}: the sample values give the expected body, which the route's schema accepts`, () => {
      const c = CASES[action];
      const body = actionForm(action).body(c.values, c.record ?? registered);
      expect(body).toEqual(c.body);
      // Sent as JSON (undefined fields drop out), with the version the modal adds.
      const sent = JSON.parse(JSON.stringify({ version: 3, ...body })) as unknown;
      expect(Value.Errors(HazardActionBodies[action], sent)).toEqual([]);
      expect(Value.Check(HazardActionBodies[action], sent)).toBe(true);
    });
  }
});

describe('initial values and the edit form', () => {
  it('sends nothing for an edit form submitted as it opened (the modal then says 没有改动)', () => {
    const edit = actionForm('edit');
    expect(edit.body(edit.initialValues(registered), registered)).toEqual({});
  });

  it('keeps only this user’s own changes on top of a record someone else changed (409)', () => {
    const edit = actionForm('edit');
    const opened = edit.initialValues(registered);
    const mine = ownChanges(opened, { ...opened, title: '新标题', watcher: '李强' });
    expect(mine).toEqual({ title: '新标题', watcher: '李强' });
  });

  it('starts 填报整改进展 on the first unfinished step, and 同意延期 on the requested date', () => {
    expect(actionForm('add_progress').initialValues(registered)).toEqual({ milestoneIndex: 0, done: false });
    expect(actionForm('add_progress').initialValues(reported)).toEqual({ milestoneIndex: undefined, done: false });
    expect(actionForm('approve_extension').initialValues(registered)).toEqual({ newDueDate: undefined });
    const asked = performed(applyAction(registered, 'request_extension', { requestedDueDate: '2026-12-31', reason: '供货延迟' }, admin, NOW));
    expect(actionForm('approve_extension').initialValues(asked)).toEqual({ newDueDate: '2026-12-31' });
  });

  it('opens 登记 on the team’s deadline when a supervision finding came with one, and 开始整改 needs no dialog', () => {
    expect(actionForm('register').initialValues(reported)).toEqual({});
    expect(actionForm('register').initialValues({ ...reported, requiredDueDate: '2026-12-10' })).toEqual({ dueDate: '2026-12-10' });
    expect(actionForm('start_rectification').direct).toBe(true);
    expect(actionForm('start_rectification').body({}, registered)).toEqual({});
  });

  it('lets a blank required field through as an empty string, which the route refuses by name', () => {
    const body = actionForm('return').body({ reason: '   ' }, registered);
    expect(body).toEqual({ reason: '' });
    const errors = Value.Errors(HazardActionBodies.return, { version: 3, ...body });
    expect(errors.map((e) => e.instancePath)).toContain('/reason');
  });
});
