import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src/db/database.js';
import type { App } from '../src/app.js';
import { installBuiltinChecklists, insertChecklist } from '../src/features/checklists/checklist.repository.js';
import { newQrToken } from '../src/features/inspection-points/point.service.js';
import { login } from './app.js';
import type { District } from './factories.js';

export const shanghaiToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** A two-item checklist owned by the district's bureau: small enough to answer in a test. */
export async function buildSmallChecklist(db: Db, ownerUnitId: string, title = '测试检查表') {
  return insertChecklist(db, {
    ownerUnitId,
    domain: 'fire',
    title,
    description: '',
    pointTypes: [],
    items: [
      { code: 'T-01', text: '灭火器在有效期内', standard: '压力指针在绿区', basis: '消防法', schoolKinds: [], pointTypes: [], weight: 2 },
      { code: 'T-02', text: '疏散通道畅通', standard: '无杂物堆放', basis: '消防法', schoolKinds: [], pointTypes: [], weight: 1 },
      { code: 'T-03', text: '实训车间安全防护', standard: '防护齐全', basis: '实习规定', schoolKinds: ['vocational'], pointTypes: [], weight: 1 },
    ],
    createdBy: null,
  });
}

export async function buildPoint(db: Db, v: { schoolId: string; checklistIds: string[]; name?: string; frequency?: 'daily' | 'weekly' | 'monthly' | 'term'; activeFrom?: string; pointType?: string }) {
  const unit = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', v.schoolId).executeTakeFirstOrThrow();
  const p = await db
    .insertInto('inspection_point')
    .values({
      unit_id: v.schoolId,
      unit_path: unit.path,
      school_id: v.schoolId,
      name: v.name ?? `点位-${crypto.randomBytes(3).toString('hex')}`,
      point_type: v.pointType ?? 'teaching_block',
      frequency: v.frequency ?? 'daily',
      qr_token: newQrToken(),
      active_from: v.activeFrom ?? '2026-01-01',
    })
    .returning(['id', 'qr_token'])
    .executeTakeFirstOrThrow();
  await db.insertInto('inspection_point_checklist').values(v.checklistIds.map((checklist_id, sort_order) => ({ point_id: p.id, checklist_id, sort_order }))).execute();
  return { id: p.id, token: p.qr_token };
}

/** The answers to the small checklist: T-01 as given, T-02 passed (T-03 applies only to vocational schools). */
export const smallAnswers = (versionId: string, first: 'pass' | 'fail' = 'fail') => [
  { checklistVersionId: versionId, itemCode: 'T-01', answer: first, ...(first === 'fail' ? { note: '灭火器压力不足' } : {}) },
  { checklistVersionId: versionId, itemCode: 'T-02', answer: 'pass' as const },
];

/** A district with its checklist library, a small checklist, a point at school A1, one submitted check with a failed item, and a planned visit. */
export async function buildInspectionWorld(app: App, db: Db, d: District) {
  await installBuiltinChecklists(db, d.bureau.id);
  const small = await buildSmallChecklist(db, d.bureau.id);
  const point = await buildPoint(db, { schoolId: d.schoolA1.id, checklistIds: [small.id] });
  const admin = await login(app, d.users.schoolAdminA1.username, d.users.schoolAdminA1.password);
  const res = await admin.post('/api/inspections', { kind: 'self', pointId: point.id, checklistVersionIds: [small.versionId], answers: smallAnswers(small.versionId) });
  if (res.statusCode !== 201) throw new Error(`inspection failed: ${res.body}`);
  const inspectionId = (res.json() as { inspection: { id: string } }).inspection.id;
  const school = await db.selectFrom('unit').select(sql<string>`path::text`.as('path')).where('id', '=', d.schoolA1.id).executeTakeFirstOrThrow();
  const visit = await db
    .insertInto('supervision_visit')
    .values({ team_id: d.teamA.id, school_id: d.schoolA1.id, school_path: school.path, kind: 'supervision', planned_on: shanghaiToday(), created_by: d.users.memberA.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { small, point, inspectionId, visitId: visit.id };
}
