import { addDays, proposedMeasureTitle, shanghaiDate, type MeasureKind, type MeasureStatus } from '@xiaoan/domain';
import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { FileStorage } from '../features/files/file.storage.js';

/**
 * The demo district's measure lists (制度措施清单): every school keeps a few of the rules and
 * systems the plans ask for (危化品采购审批制度, 门卫值守制度, 食堂留样制度 …) in mixed states —
 * established with their document, in progress, planned, some past their due date — and most
 * schools have one measure prompted by their latest closed hazard (举一反三). 华润小学 keeps
 * its closed hazards unclaimed, so that proposing one from a hazard can be shown. Run after the
 * ledger (it reads the closed hazards).
 */

type Template = { title: string; kind: MeasureKind; department: string; description: string };

export const DEMO_MEASURES: readonly Template[] = [
  { title: '危化品采购审批制度', kind: 'rule', department: '总务处', description: '危化品采购由实验室提出、分管校长审批，双人验收入库，台账逐笔登记。' },
  { title: '门卫值守制度', kind: 'rule', department: '安保处', description: '门卫 24 小时值守，来访人员查验证件、登记、电话确认后入校；上下学时段“护学岗”到位。' },
  { title: '食堂留样制度', kind: 'rule', department: '总务处', description: '每餐每样菜品留样不少于 125 克，冷藏 48 小时，专人记录、签字。' },
  { title: '校车安全管理制度', kind: 'rule', department: '安保处', description: '校车驾驶人资质审查，每日出车前检查，随车照管员清点学生人数。' },
  { title: '消防设施维护保养制度', kind: 'rule', department: '总务处', description: '灭火器每月检查、消防栓每季度试水，委托维保单位每年检测并出具报告。' },
  { title: '安全隐患排查整改工作机制', kind: 'system', department: '安全办', description: '日巡查、周排查、月检查，发现隐患当日登记，整改销号闭环管理。' },
  { title: '校园欺凌防控工作机制', kind: 'system', department: '德育处', description: '欺凌事件发现、报告、调查、处置、回访全流程，班主任每周谈心。' },
  { title: '安全教育“一月一主题”长效措施', kind: 'long_term', department: '德育处', description: '每月一个安全教育主题，结合演练与家长会，纳入班级考核。' },
  { title: '应急疏散演练常态化措施', kind: 'long_term', department: '安全办', description: '每学期至少两次全员疏散演练，演练后评估并修订预案。' },
  { title: '实验室安全管理制度', kind: 'rule', department: '教务处', description: '实验室准入、危化品双人双锁、废液分类收集与处置登记。' },
  { title: '学生上下学交通安全管理机制', kind: 'system', department: '安保处', description: '家校共管，校门口交通疏导，接送车辆定点停放。' },
  { title: '用电安全检查长效措施', kind: 'long_term', department: '总务处', description: '电工每周巡检配电箱与线路，严禁私拉乱接，寒暑假前全面断电检查。' },
];

/** A tiny one-page PDF standing for an adopted rule's document (the demo has no real scans). */
function demoPdf(): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const text = 'BT /F1 18 Tf 72 760 Td (Xiaoan demo: adopted school rule document) Tj ET';
  objs[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A fixed pseudo-random sequence: the same district every run. */
function rngOf(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const SHOWCASE_UNCLAIMED = '华润小学';

export async function seedDemoMeasures(trx: Trx, opts: { now?: Date; storage: FileStorage }): Promise<{ measures: number; schools: number; fromHazards: number; overdue: number }> {
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const rng = rngOf(20260517);
  const schools = await trx
    .selectFrom('unit as s')
    .select(['s.id', 's.name', sql<string>`s.path::text`.as('path'), 's.safety_officer', 's.principal'])
    .where('s.kind', '=', 'school')
    .where('s.status', '=', 'active')
    .orderBy('s.id')
    .execute();
  if (schools.length === 0) return { measures: 0, schools: 0, fromHazards: 0, overdue: 0 };
  const admins = new Map(
    (await trx.selectFrom('app_user').select(['id', 'unit_id']).where('role', '=', 'school_admin').where('status', '=', 'active').orderBy('id').execute()).map((u) => [u.unit_id, u.id] as const).reverse(),
  );
  // Each school's latest closed hazard (a finding when a supervision visit issued it).
  const closed = await trx
    .selectFrom('hazard as h')
    .select(['h.id', 'h.school_id', 'h.title', 'h.owner', sql<boolean>`EXISTS (SELECT 1 FROM visit_finding v WHERE v.hazard_id = h.id)`.as('finding'), sql<string>`to_char(h.closed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`.as('closed_on')])
    .where('h.state', '=', 'closed')
    .where('h.closed_at', 'is not', null)
    .orderBy('h.school_id')
    .orderBy('h.closed_at', 'desc')
    .execute();
  const latestClosed = new Map<string, (typeof closed)[number]>();
  for (const h of closed) if (!latestClosed.has(h.school_id)) latestClosed.set(h.school_id, h);

  const pdf = demoPdf();
  const blob = await opts.storage.put(pdf);

  type Plan = { schoolId: string; path: string; by: string; t: Template; status: MeasureStatus; dueOn: string; adoptedOn: string | null; owner: string; origin: (typeof closed)[number] | null };
  const plans: Plan[] = [];
  for (const s of schools) {
    const by = admins.get(s.id);
    if (!by) continue;
    const owner = s.safety_officer ?? s.principal ?? '分管副校长';
    const count = 2 + Math.floor(rng() * 3);
    const start = Math.floor(rng() * DEMO_MEASURES.length);
    for (let i = 0; i < count; i++) {
      const t = DEMO_MEASURES[(start + i * 5) % DEMO_MEASURES.length]!;
      const r = rng();
      const status: MeasureStatus = r < 0.45 ? 'established' : r < 0.55 ? 'revised' : r < 0.8 ? 'in_progress' : 'planned';
      const done = status === 'established' || status === 'revised';
      // Open ones: a third already past their due date; done ones were adopted before it.
      const dueOn = done ? addDays(today, -Math.floor(20 + rng() * 200)) : rng() < 0.35 ? addDays(today, -Math.floor(3 + rng() * 40)) : addDays(today, Math.floor(10 + rng() * 90));
      const adoptedOn = done ? addDays(dueOn, -Math.floor(1 + rng() * 15)) : null;
      plans.push({ schoolId: s.id, path: s.path, by, t, status, dueOn, adoptedOn, owner, origin: null });
    }
    const h = latestClosed.get(s.id);
    if (h && s.name !== SHOWCASE_UNCLAIMED && rng() < 0.7) {
      const closedOn = h.closed_on;
      const planned = rng() < 0.5;
      plans.push({
        schoolId: s.id,
        path: s.path,
        by,
        t: { title: proposedMeasureTitle(h.title), kind: 'long_term', department: '安全办', description: `由已销号的隐患“${h.title}”举一反三提出：从制度上防止同类问题再次发生。` },
        status: planned ? 'in_progress' : 'established',
        dueOn: addDays(closedOn, 30),
        adoptedOn: planned ? null : addDays(closedOn, Math.min(20, Math.max(0, Math.floor((Date.parse(today) - Date.parse(closedOn)) / 86_400_000)))),
        owner: h.owner ?? owner,
        origin: h,
      });
    }
  }
  // An adoption date never lies after today.
  for (const p of plans) if (p.adoptedOn && p.adoptedOn > today) p.adoptedOn = today;

  const docSchools = [...new Set(plans.filter((p) => p.adoptedOn).map((p) => p.schoolId))];
  const docOf = new Map<string, string>();
  if (docSchools.length > 0) {
    const pathOf = new Map(schools.map((s) => [s.id, s.path]));
    const rows = await trx
      .insertInto('file_object')
      .values(docSchools.map((id) => ({ sha256: blob.sha256, kind: 'document' as const, mime: 'application/pdf', size_bytes: blob.sizeBytes, original_name: '制度文件（演示）.pdf', unit_id: id, unit_path: pathOf.get(id)!, uploaded_by: admins.get(id)! })))
      .returning(['id', 'unit_id'])
      .execute();
    for (const r of rows) docOf.set(r.unit_id, r.id);
  }

  let fromHazards = 0;
  let overdue = 0;
  for (const p of plans) {
    const m = await trx
      .insertInto('measure')
      .values({
        unit_id: p.schoolId,
        unit_path: p.path,
        title: p.t.title,
        kind: p.t.kind,
        description: p.t.description,
        owner_name: p.owner.slice(0, 50),
        owner_department: p.t.department,
        due_on: p.dueOn,
        status: p.status,
        adopted_on: p.adoptedOn,
        document_file_id: p.adoptedOn ? docOf.get(p.schoolId)! : null,
        created_by: p.by,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (p.origin) {
      fromHazards++;
      await trx.insertInto('measure_origin').values({ measure_id: m.id, hazard_id: p.origin.id, kind: p.origin.finding ? 'finding' : 'hazard', label: p.origin.title.slice(0, 300) }).execute();
    }
    if ((p.status === 'planned' || p.status === 'in_progress') && p.dueOn < today) overdue++;
    await trx.insertInto('measure_event').values({ measure_id: m.id, actor_user_id: p.by, action: 'create', from_status: null, to_status: 'planned', note: p.origin ? `举一反三：由隐患“${p.origin.title}”提出` : '', changed_fields: '[]' }).execute();
    if (p.status !== 'planned') {
      const steps: [MeasureStatus, MeasureStatus][] = p.status === 'in_progress' ? [['planned', 'in_progress']] : p.status === 'established' ? [['planned', 'established']] : [['planned', 'established'], ['established', 'revised']];
      for (const [from, to] of steps) {
        const done = to === 'established' || to === 'revised';
        await trx
          .insertInto('measure_event')
          .values({ measure_id: m.id, actor_user_id: p.by, action: 'move', from_status: from, to_status: to, note: done ? '经校务会审议通过印发' : '已起草，征求意见中', changed_fields: '[]', document_file_id: done ? docOf.get(p.schoolId)! : null })
          .execute();
      }
    }
  }
  return { measures: plans.length, schools: new Set(plans.map((p) => p.schoolId)).size, fromHazards, overdue };
}
