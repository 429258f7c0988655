import { sql } from 'kysely';
import type { ScopeFeature } from './types.js';
import type { Db } from '../../src/db/database.js';
import type { District } from '../factories.js';
import { insertNotice, issueNotice } from '../../src/features/notices/notice.repository.js';

const daysFromToday = (n: number) => {
  const d = new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const pathOf = async (db: Db, id: string) => (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${id}`.execute(db)).rows[0]!.p;

/**
 * An issued notice of the district naming school A1 and ordering rectification, written with
 * the feature's repository (no sign-in: the matrix signs in enough already).
 */
async function noticeOf(db: Db, x: District): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const id = await insertNotice(trx, {
      bureau: { id: x.bureau.id, name: x.bureau.name, path: await pathOf(db, x.bureau.id) },
      kind: 'overdue_hazards',
      title: '矩阵通报',
      docNumber: '测教安〔2026〕1号',
      recipients: '各学校',
      body: '矩阵测试。',
      params: { minDaysOverdue: 30 },
      ordersRectification: true,
      answerDueDate: daysFromToday(30),
      createdBy: x.users.staff.id,
      units: [{ unitId: x.schoolA1.id, unitPath: await pathOf(db, x.schoolA1.id), unitName: x.schoolA1.name, summary: '矩阵', facts: [] }],
    });
    await issueNotice(trx, id, 1, { issueDate: daysFromToday(0), issuedBy: x.users.staff.id, ordersRectification: true });
    return id;
  });
}

/** The notices feature's part of the scope matrix (resources its :id routes name, bodies of its writes). */
export const noticesScope: ScopeFeature = {
  resources: {
    notice: async ({ db, d, other }) => ({ inside: await noticeOf(db, d), outside: await noticeOf(db, other) }),
  },
  bodies: {
    'POST /api/notices/query-preview': () => ({ kind: 'overdue_hazards' }),
    'POST /api/notices/draft-from-query': () => ({ kind: 'overdue_hazards' }),
    'PUT /api/notices/:id': () => ({ version: 1, title: '矩阵修改通报' }),
    'DELETE /api/notices/:id': () => undefined,
    'POST /api/notices/:id/issue': () => ({ version: 2 }),
    'POST /api/notices/:id/answer': () => ({ text: '矩阵整改报告' }),
    'POST /api/notices/:id/answers/accept': (d) => ({ unitId: d.schoolA1.id }),
    'POST /api/notices/:id/answers/return': (d) => ({ unitId: d.schoolA1.id, comment: '矩阵退回' }),
  },
};
