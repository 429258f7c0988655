import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, buildFile, type District } from '../../../test/factories.js';
import type { RequestContext } from '../../http/context.js';
import { openLedgerExport } from './ledger-export.js';

const EXPORT = '/api/hazards/export.xlsx';
const HEADERS = [
  '序号', '学校', '隐患类别', '隐患等级', '隐患标题', '隐患描述', '隐患位置', '发现时间', '发现方式', '发现人', '责任人',
  '整改措施', '整改资金（元）', '整改时限', '应急预案', '临时管控措施', '专人盯防', '状态', '整改情况', '验收人', '销号时间', '是否逾期', '挂牌督办',
];
const col = (h: string) => HEADERS.indexOf(h) + 1;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The exported workbook, opened again with exceljs: its one sheet and the data rows (below the header). */
async function open(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const ws = wb.worksheets[0]!;
  const rows: ExcelJS.Row[] = [];
  for (let r = 4; r <= ws.rowCount; r++) rows.push(ws.getRow(r));
  return { ws, rows };
}

describe('hazard ledger export (Excel)', () => {
  const t = useTestApp();
  let d: District;
  let bureau: Client, adminA1: Client, adminB1: Client, memberA: Client, leader: Client, staffA1: Client;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [bureau, adminA1, adminB1, memberA, leader, staffA1] = await Promise.all([
      lg(d.users.staff), lg(d.users.schoolAdminA1), lg(d.users.schoolAdminB1), lg(d.users.memberA), lg(d.users.leader), lg(d.users.schoolStaffA1),
    ]);
    const report = async (c: Client, over: Record<string, unknown>) => {
      const res = await c.post('/api/hazards', {
        unitId: d.schoolA1.id, domain: 'fire', grade: 'general', source: 'self', title: '灭火器过期', description: '灭火器压力不足',
        location: '教学楼', foundAt: daysFromToday(-3), foundBy: '李华', ...over,
      });
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    // Text a spreadsheet would otherwise run as a formula, in every field a user types.
    ids.eq = (await report(adminA1, { title: '=1+1', description: '=1+1' })).hazard.id;
    ids.fullWidth = (await report(adminA1, { title: '全角公式', description: '＝SUM(A1)', location: '@cmd' })).hazard.id;
    ids.minus = (await report(adminA1, { title: '负号开头', description: '-2', foundBy: '+张三' })).hazard.id;
    const registered = await report(adminA1, {
      title: '食堂燃气管道老化', domain: 'gas', grade: 'major', source: 'supervision', description: '燃气软管老化开裂',
      register: { owner: '王校长', measures: '更换燃气管道', funds: 1200.5, dueDate: daysFromToday(-1), contingencyPlan: '关闭总阀', interimControls: '暂停使用灶台', watcher: '赵师傅' },
    });
    ids.registered = registered.hazard.id;
    // The whole loop to 销号, verified by the team member.
    const evidence = await buildFile(db, { unitId: d.schoolA1.id, uploadedBy: d.users.schoolAdminA1.id });
    const h = await report(adminA1, { title: '配电箱未上锁', domain: 'buildings', register: { owner: '李主任', measures: '加锁', funds: 0, dueDate: daysFromToday(5), contingencyPlan: '张贴警示' } });
    // 登记 puts it in 整改中 at once (no separate 开始整改).
    const p = (await adminA1.post(`/api/hazards/${h.hazard.id}/request-verification`, { version: h.hazard.version, evidenceIds: [evidence], note: '已加锁并张贴警示' })).json();
    const closed = await memberA.post(`/api/hazards/${h.hazard.id}/close`, { version: p.hazard.version, comment: '复查合格' });
    expect(closed.statusCode).toBe(200);
    ids.closed = h.hazard.id;
    ids.b1 = (await report(adminB1, { unitId: d.schoolB1.id, title: '乙一中学围墙裂缝', domain: 'buildings', description: '围墙出现裂缝' })).hazard.id;
    ids.campus = (await report(adminA1, { unitId: d.campusA1.id, title: '东校区楼梯扶手松动', domain: 'buildings', description: '扶手松动' })).hazard.id;
  });

  it('streams the district ledger as .xlsx: title, headers, Chinese labels, dates, funds with two decimals', async () => {
    const res = await bureau.get(EXPORT);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`隐患台账-${today()}.xlsx`)}`);
    const { ws, rows } = await open(res.rawPayload);
    expect(ws.getCell('A1').value).toBe(`${d.bureau.name} 隐患排查整治台账`);
    expect(String(ws.getCell('A2').value)).toMatch(/^导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
    expect(ws.getRow(3).values).toEqual([undefined, ...HEADERS]);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.getCell(1).value)).toEqual([1, 2, 3, 4, 5, 6, 7]);

    const byTitle = (title: string) => rows.find((r) => r.getCell(col('隐患标题')).value === title)!;
    const reg = byTitle('食堂燃气管道老化');
    expect(reg.getCell(col('学校')).value).toBe(d.schoolA1.name);
    expect(reg.getCell(col('隐患类别')).value).toBe('燃气安全');
    expect(reg.getCell(col('隐患等级')).value).toBe('重大隐患');
    expect(reg.getCell(col('发现方式')).value).toBe('督查');
    expect(reg.getCell(col('发现时间')).value).toBe(daysFromToday(-3));
    expect(reg.getCell(col('整改时限')).value).toBe(daysFromToday(-1));
    expect(reg.getCell(col('整改资金（元）')).value).toBe(1200.5);
    expect(reg.getCell(col('整改资金（元）')).numFmt).toBe('0.00');
    expect(reg.getCell(col('整改措施')).value).toBe('更换燃气管道');
    expect(reg.getCell(col('临时管控措施')).value).toBe('暂停使用灶台');
    expect(reg.getCell(col('专人盯防')).value).toBe('赵师傅');
    expect(reg.getCell(col('状态')).value).toBe('整改中');
    expect(reg.getCell(col('是否逾期')).value).toBe('是');
    expect(reg.getCell(col('挂牌督办')).value).toBe('否');

    const closed = byTitle('配电箱未上锁');
    expect(closed.getCell(col('状态')).value).toBe('已销号');
    expect(closed.getCell(col('整改情况')).value).toBe('已加锁并张贴警示');
    expect(closed.getCell(col('验收人')).value).toBe(
      (await t().tdb.db.selectFrom('app_user').select('display_name').where('id', '=', d.users.memberA.id).executeTakeFirstOrThrow()).display_name,
    );
    expect(closed.getCell(col('销号时间')).value).toBe(today());
    expect(closed.getCell(col('整改资金（元）')).value).toBe(0);
    expect(closed.getCell(col('是否逾期')).value).toBe('否');

    expect(byTitle('东校区楼梯扶手松动').getCell(col('学校')).value).toBe(`${d.schoolA1.name}（${d.campusA1.name}）`);
    const reported = byTitle('乙一中学围墙裂缝');
    expect(reported.getCell(col('状态')).value).toBe('已上报');
    expect(reported.getCell(col('整改资金（元）')).value).toBeNull();
    expect(reported.getCell(col('责任人')).value).toBeNull();
    expect(reported.getCell(col('整改时限')).value).toBeNull();
  });

  it('writes text that starts like a formula (ASCII or full-width =, +, -, @) as plain text with a leading quote', async () => {
    const { rows } = await open((await bureau.get(EXPORT)).rawPayload);
    const cells = rows.flatMap((r) => [col('隐患标题'), col('隐患描述'), col('隐患位置'), col('发现人')].map((c) => r.getCell(c)));
    const risky = cells.filter((c) => /^'?\s*[=+\-@＝＋－＠]/.test(String(c.value ?? '')));
    expect(risky.map((c) => c.value).sort()).toEqual(["'+张三", "'-2", "'=1+1", "'=1+1", "'@cmd", "'＝SUM(A1)"].sort());
    for (const c of risky) {
      expect(c.type).not.toBe(ExcelJS.ValueType.Formula);
      expect(c.type).toBe(ExcelJS.ValueType.String);
      expect(c.formula).toBeUndefined();
      expect(String(c.value).startsWith("'")).toBe(true);
    }
  });

  it('exports only what the caller may see: a school admin gets its school, a team member its schools', async () => {
    const a1 = await open((await adminA1.get(EXPORT)).rawPayload);
    expect(a1.ws.getCell('A1').value).toBe(`${d.schoolA1.name} 隐患排查整治台账`);
    expect(a1.rows).toHaveLength(6);
    expect(a1.rows.every((r) => String(r.getCell(col('学校')).value).startsWith(d.schoolA1.name))).toBe(true);
    const b1 = await open((await adminB1.get(EXPORT)).rawPayload);
    expect(b1.rows.map((r) => r.getCell(col('隐患标题')).value)).toEqual(['乙一中学围墙裂缝']);
    const member = await open((await memberA.get(EXPORT)).rawPayload);
    expect(member.rows).toHaveLength(6);
    const leaderView = await open((await leader.get(EXPORT)).rawPayload);
    expect(leaderView.rows).toHaveLength(7);
  });

  it('applies the same filters as the ledger list, and names them under the title', async () => {
    const closed = await bureau.get(`${EXPORT}?state=closed`);
    const { ws, rows } = await open(closed.rawPayload);
    expect(rows.map((r) => r.getCell(col('隐患标题')).value)).toEqual(['配电箱未上锁']);
    expect(String(ws.getCell('A2').value)).toContain('筛选条件：状态：已销号');

    const list = (await bureau.get('/api/hazards?domain=buildings&grade=general&pageSize=100&sort=id&order=asc')).json();
    const filtered = await open((await bureau.get(`${EXPORT}?domain=buildings&grade=general&sort=id&order=asc`)).rawPayload);
    expect(filtered.rows.map((r) => r.getCell(col('隐患标题')).value)).toEqual(list.items.map((x: { title: string }) => x.title));
    expect(list.total).toBe(3);

    const bySchool = await open((await bureau.get(`${EXPORT}?schoolId=${d.schoolB1.id}`)).rawPayload);
    expect(bySchool.ws.getCell('A1').value).toBe(`${d.schoolB1.name} 隐患排查整治台账`);
    expect(bySchool.rows).toHaveLength(1);
    // Another school's id from a school admin: nothing, and not even the other school's name.
    const foreign = await open((await adminA1.get(`${EXPORT}?schoolId=${d.schoolB1.id}`)).rawPayload);
    expect(foreign.rows).toHaveLength(0);
    expect(foreign.ws.getCell('A1').value).toBe(`${d.schoolA1.name} 隐患排查整治台账`);

    const overdue = await open((await bureau.get(`${EXPORT}?overdue=true`)).rawPayload);
    expect(overdue.rows.map((r) => r.getCell(col('隐患标题')).value)).toEqual(['食堂燃气管道老化']);
    const bad = await bureau.get(`${EXPORT}?state=nope`);
    expect(bad.statusCode).toBe(400);
    const paged = await bureau.get(`${EXPORT}?page=2`);
    expect(paged.statusCode).toBe(400);
  });

  it('records one hazard.export audit event with the filters and the row count', async () => {
    const db = t().tdb.db;
    const before = await db.selectFrom('audit_event').select('id').where('action', '=', 'hazard.export').where('actor_user_id', '=', d.users.staff.id).execute();
    await bureau.get(`${EXPORT}?state=closed&state=rectifying`);
    const after = await db
      .selectFrom('audit_event')
      .select(['details', 'object_id'])
      .where('action', '=', 'hazard.export')
      .where('actor_user_id', '=', d.users.staff.id)
      .orderBy('id', 'desc')
      .execute();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]!.object_id).toBe(d.bureau.id);
    expect(after[0]!.details).toMatchObject({ filters: { state: ['closed', 'rectifying'] }, rows: 2, fileName: `隐患台账-${today()}.xlsx` });
  });

  it('rolls back and audits nothing when the client goes away, and gives the connection back', async () => {
    const db = t().tdb.db;
    const bureauPath = (await sql<{ p: string }>`SELECT path::text AS p FROM unit WHERE id = ${d.bureau.id}`.execute(db)).rows[0]!.p;
    const ctx: RequestContext = {
      actor: { userId: d.users.staff.id, username: d.users.staff.username, displayName: '局科室', role: 'bureau_staff', unitId: d.bureau.id, unitPath: bureauPath, departmentId: null },
      scope: { unitPaths: [bureauPath] },
      ip: '127.0.0.1',
      requestId: 'test-abort',
      reauthAt: new Date(),
    };
    const audits = async () => (await db.selectFrom('audit_event').select('id').where('action', '=', 'hazard.export').execute()).length;
    const before = await audits();
    // More aborted exports than the test pool has connections: none may keep one.
    for (let i = 0; i < 7; i++) {
      const exp = await openLedgerExport(db, ctx, {});
      const gone = new AbortController();
      gone.abort();
      await expect(exp.writeTo(new PassThrough(), gone.signal)).rejects.toThrow('aborted');
    }
    expect(await audits()).toBe(before);
    const exp = await openLedgerExport(db, ctx, { state: ['closed'] });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    expect(await exp.writeTo(out, new AbortController().signal)).toBe(1);
    expect((await open(Buffer.concat(chunks))).rows).toHaveLength(1);
    expect(await audits()).toBe(before + 1);
  });

  it('refuses roles without hazard.export', async () => {
    const res = await staffA1.get(EXPORT);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    const anonymous = await t().app.inject({ method: 'GET', url: EXPORT });
    expect(anonymous.statusCode).toBe(401);
  });
});
