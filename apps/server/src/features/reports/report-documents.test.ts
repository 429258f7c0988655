import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPORT_TEMPLATES } from '@xiaoan/domain';
import { submissionDocx } from './report-docx.js';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';

/**
 * Documents out, through the real routes on a district of its own: a submission as Word
 * (opened with mammoth and as word/document.xml), the period's roll-up as .xlsx (read back
 * with exceljs) and as a Word summary; scope (another school's id is a 404 like an unknown
 * one; roll-ups for the bureau and the team over its schools only) and the audit trail.
 */

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
/** Last month, as a period key and its first days: due on the 1st of this month, so already past due. */
function lastMonth() {
  const [y, m] = today().split('-').map(Number) as [number, number];
  const py = m === 1 ? y - 1 : y;
  const pm = m === 1 ? 12 : m - 1;
  const key = `${py}-${String(pm).padStart(2, '0')}`;
  return { key, label: `${py}年${pm}月`, day: (d: number) => `${key}-${String(d).padStart(2, '0')}` };
}

async function docxText(body: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: body })).value;
}

async function workbook(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ExcelJS.Buffer);
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const out: string[][] = [];
    for (let r = 4; r <= ws.rowCount; r++) out.push((ws.getRow(r).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    return out;
  };
  const header = (ws: ExcelJS.Worksheet) => (ws.getRow(3).values as unknown[]).slice(1).map(String);
  return { wb, rowsOf, header };
}

describe('report documents (Word, Excel)', () => {
  const t = useTestApp();
  const period = lastMonth();
  let d: District;
  let other: District;
  let staff: Client, leader: Client, adminA1: Client, staffA1: Client, adminB1: Client, memberA: Client, otherStaff: Client;
  let typeId = '';
  let otherTypeId = '';
  let subA1 = '';
  let subB1 = '';
  let draftOnly = '';

  beforeAll(async () => {
    const db = t().tdb.db;
    d = await buildDistrict(db);
    other = await buildDistrict(db);
    // The factories' schools were created today: they owe reports from their first full period on.
    for (const x of [d, other]) {
      await db.updateTable('unit').set({ reporting_from: '2025-01-01' }).where(sql<boolean>`path <@ (SELECT path FROM unit WHERE id = ${x.bureau.id})`).execute();
    }
    await db.updateTable('unit').set({ safety_officer: '王安全', phone: '0519-86660002' }).where('id', '=', d.schoolA2.id).execute();
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [staff, leader, adminA1, staffA1, adminB1, memberA, otherStaff] = await Promise.all([
      lg(d.users.staff), lg(d.users.leader), lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.schoolAdminB1), lg(d.users.memberA), lg(other.users.staff),
    ]);
    const newType = async (c: Client) => {
      const res = await c.post('/api/report-types', {
        code: 'monthly-hazard-list',
        name: '月度隐患排查问题清单',
        periodKind: 'monthly',
        dueRule: { kind: 'day_of_next_month', day: 1 },
        submitterKind: 'school',
        template: REPORT_TEMPLATES.monthlyHazardList,
        startsOn: '2025-01-01',
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    typeId = await newType(staff);
    otherTypeId = await newType(otherStaff);

    const hazard = async (c: Client, unitId: string, title: string, day: number) => {
      const res = await c.post('/api/hazards', { unitId, domain: 'fire', grade: 'general', source: 'self', title, description: `${title}，现场已拍照`, location: '教学楼', foundAt: period.day(day), foundBy: '李华' });
      expect(res.statusCode, res.body).toBe(201);
    };
    await hazard(staffA1, d.schoolA1.id, '三楼灭火器压力不足', 3);
    await hazard(staffA1, d.schoolA1.id, '=HYPERLINK("http://x","点我")', 5);
    await hazard(adminB1, d.schoolB1.id, '实验室通风橱损坏', 8);

    const start = async (c: Client) => {
      const res = await c.post('/api/report-submissions', { reportTypeId: typeId, period: period.key });
      expect([200, 201], res.body).toContain(res.statusCode);
      return res.json() as { submission: { id: string; version: number } };
    };
    const submit = async (c: Client, id: string, note: string) => {
      const cur = (await c.get(`/api/report-submissions/${id}`)).json() as { submission: { version: number } };
      const res = await c.post(`/api/report-submissions/${id}/submit`, { version: cur.submission.version, narrative: { note } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { submission: { version: number } };
    };
    subA1 = (await start(adminA1)).submission.id;
    const v1 = await submit(adminA1, subA1, '第一版情况说明');
    const ret = await staff.post(`/api/report-submissions/${subA1}/return`, { version: v1.submission.version, comment: '请补充整改责任人' });
    expect(ret.statusCode, ret.body).toBe(200);
    const v2 = await submit(adminA1, subA1, '第二版：已补充责任人\n整改均已落实到人');
    const ok = await staff.post(`/api/report-submissions/${subA1}/approve`, { version: v2.submission.version });
    expect(ok.statusCode, ok.body).toBe(200);
    subB1 = (await start(adminB1)).submission.id;
    await submit(adminB1, subB1, '乙一中学本月情况');
    // A draft of the month before, never submitted: it has no document.
    const dr = await adminA1.post('/api/report-submissions', { reportTypeId: typeId, period: previousKey(period.key) });
    expect([200, 201], dr.body).toContain(dr.statusCode);
    draftOnly = (dr.json() as { submission: { id: string } }).submission.id;
  });

  it('gives the school its approved submission as a government-style Word report: title, unit, period, dates, tables, narrative, 宋体', async () => {
    const res = await adminA1.get(`/api/report-submissions/${subA1}/document.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(`${d.schoolA1.name}${period.label}隐患排查问题清单（第2版）.docx`);
    const body = res.rawPayload;
    const text = await docxText(body);
    expect(text).toContain(`${d.schoolA1.name}${period.label}隐患排查问题清单`);
    expect(text).toContain('报送单位');
    expect(text).toContain(d.area1.name);
    expect(text).toContain(period.label);
    expect(text).toContain('第2版（共2版）');
    expect(text).toContain('已通过');
    expect(text).toContain('审核通过时间');
    expect(text).toContain('一、本月隐患排查整改清单');
    expect(text).toContain('三楼灭火器压力不足');
    expect(text).toContain('消防安全');
    expect(text).toContain('二、情况说明');
    expect(text).toContain('整改均已落实到人');
    expect(text).toContain('请补充整改责任人');
    const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
    expect(xml).toContain('<w:tbl>');
    expect(xml).toContain('<w:tblHeader');
    const styles = await (await JSZip.loadAsync(body)).file('word/styles.xml')!.async('string');
    expect(styles).toMatch(/w:eastAsia="宋体"/);
  });

  it('gives an earlier version on ?version=1 and 404 for a version that does not exist', async () => {
    const v1 = await staff.get(`/api/report-submissions/${subA1}/document.docx?version=1`);
    expect(v1.statusCode).toBe(200);
    const text = await docxText(v1.rawPayload);
    expect(text).toContain('第一版情况说明');
    expect(text).toContain('已退回（已重新报送）');
    expect(text).not.toContain('整改均已落实到人');
    const none = await staff.get(`/api/report-submissions/${subA1}/document.docx?version=9`);
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/第9版/);
    const bad = await staff.get(`/api/report-submissions/${subA1}/document.docx?version=0`);
    expect(bad.statusCode).toBe(400);
  });

  it("answers another school's submission with the same 404 as an unknown id, and another district's too", async () => {
    const foreign = await adminB1.get(`/api/report-submissions/${subA1}/document.docx`);
    const unknown = await adminB1.get('/api/report-submissions/999999999/document.docx');
    expect(foreign.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(foreign.json()).toEqual(unknown.json());
    expect((await otherStaff.get(`/api/report-submissions/${subA1}/document.docx`)).statusCode).toBe(404);
    // The team over A1 reads it; the team over B1 does not see A1.
    expect((await memberA.get(`/api/report-submissions/${subA1}/document.docx`)).statusCode).toBe(200);
    expect((await memberA.get(`/api/report-submissions/${subB1}/document.docx`)).statusCode).toBe(404);
  });

  it('refuses a draft that was never submitted with a Chinese 409', async () => {
    const res = await adminA1.get(`/api/report-submissions/${draftOnly}/document.docx`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/尚未报送/);
  });

  it("streams the bureau's roll-up: one hazard per row with its school, formulas escaped, then every school's state", async () => {
    const res = await staff.get(`/api/report-types/${typeId}/rollup.xlsx?period=${period.key}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { wb, rowsOf, header } = await workbook(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['隐患清单', '报送情况']);
    const [list, states] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(String(list.getRow(1).getCell(1).value)).toContain(`${period.label}隐患排查问题清单汇总`);
    expect(header(list)).toEqual(['序号', '片区', '学校', '隐患名称', '隐患类别', '隐患等级', '位置', '责任人', '发现日期', '整改时限', '状态', '分类', '销号日期', '报送版本']);
    const rows = rowsOf(list);
    expect(rows.map((r) => [r[2], r[3]])).toEqual([
      [d.schoolA1.name, '三楼灭火器压力不足'],
      [d.schoolA1.name, `'=HYPERLINK("http://x","点我")`],
      [d.schoolB1.name, '实验室通风橱损坏'],
    ]);
    expect(rows[0]![1]).toBe(d.area1.name);
    expect(rows[0]![4]).toBe('消防安全');
    expect(rows[0]![13]).toBe('2');
    expect(rows[2]![13]).toBe('1');
    expect(header(states)).toEqual(['序号', '片区', '学校', '报送状态', '首次报送时间', '是否按时', '安全管理员', '联系电话']);
    const byName = new Map(rowsOf(states).map((r) => [r[2], r]));
    expect([...byName.keys()].sort()).toEqual([d.schoolA1.name, d.schoolA2.name, d.schoolB1.name, d.schoolB2.name].sort());
    expect(byName.get(d.schoolA1.name)![3]).toBe('已通过');
    expect(byName.get(d.schoolA1.name)![5]).toBe('否');
    expect(byName.get(d.schoolB1.name)![3]).toBe('逾期报送');
    expect(byName.get(d.schoolA2.name)![3]).toBe('未报送（已逾期）');
    expect(byName.get(d.schoolA2.name)![6]).toBe('王安全');
    expect(byName.get(d.schoolA2.name)![7]).toBe('0519-86660002');
  });

  it("limits a team's roll-up to its schools, refuses schools (403) and another district's type (404)", async () => {
    const res = await memberA.get(`/api/report-types/${typeId}/rollup.xlsx?period=${period.key}`);
    expect(res.statusCode, res.body).toBe(200);
    const { wb, rowsOf } = await workbook(res.rawPayload);
    const [list, states] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(new Set(rowsOf(list).map((r) => r[2]))).toEqual(new Set([d.schoolA1.name]));
    expect(rowsOf(states).map((r) => r[2]).sort()).toEqual([d.schoolA1.name, d.schoolA2.name].sort());
    for (const c of [adminA1, staffA1]) {
      expect((await c.get(`/api/report-types/${typeId}/rollup.xlsx?period=${period.key}`)).statusCode).toBe(403);
      expect((await c.get(`/api/report-types/${typeId}/rollup.docx?period=${period.key}`)).statusCode).toBe(403);
    }
    expect((await staff.get(`/api/report-types/${otherTypeId}/rollup.xlsx?period=${period.key}`)).statusCode).toBe(404);
    expect((await staff.get(`/api/report-types/${otherTypeId}/rollup.docx?period=${period.key}`)).statusCode).toBe(404);
  });

  it('refuses a period the type does not have with a Chinese 400, and defaults to the latest period already due', async () => {
    const bad = await staff.get(`/api/report-types/${typeId}/rollup.xlsx?period=2026-Q9`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/没有“2026-Q9”这一期/);
    const dflt = await leader.get(`/api/report-types/${typeId}/rollup.docx`);
    expect(dflt.statusCode).toBe(200);
    expect(await docxText(dflt.rawPayload)).toContain(`${period.label}隐患排查问题清单报送情况通报`);
  });

  it('writes the Word summary with the figures per area and the late and missing schools by name, officer and phone', async () => {
    const res = await staff.get(`/api/report-types/${typeId}/rollup.docx?period=${period.key}`);
    expect(res.statusCode, res.body).toBe(200);
    const text = await docxText(res.rawPayload);
    expect(text).toContain(`${period.label}隐患排查问题清单报送情况通报`);
    expect(text).toContain('应报送单位4个，已报送2个，其中按时报送0个、逾期报送2个；逾期未报送2个');
    expect(text).toContain('报送率50.0%，及时率0.0%');
    expect(text).toContain(d.area1.name);
    expect(text).toContain(d.area2.name);
    expect(text).toContain('全区合计');
    expect(text).toContain('二、逾期报送单位');
    expect(text).toContain(d.schoolB1.name);
    expect(text).toContain('三、未报送单位');
    expect(text).toContain(d.schoolA2.name);
    expect(text).toContain('王安全');
    expect(text).toContain('0519-86660002');
    expect(text).toContain(d.bureau.name);
  });

  it('renders the other templates by their frozen shape: summary counts and narrative sections, weekly checks with their lists', async () => {
    const base = {
      title: '甲校2026年第3季度安全工作总结', unitName: '甲校', areaName: null, periodLabel: '2026年第3季度', dueDate: '2026-09-15', versionNo: 1, versions: 1,
      submittedAt: new Date('2026-09-10T02:00:00Z'), submittedBy: '周明', late: false, stateLabel: '已报送', approvedAt: null, approvedBy: null, returns: [], attachments: ['整改照片.jpg'], generatedAt: new Date(),
    };
    const summary = await docxText(
      await submissionDocx({
        ...base,
        sections: REPORT_TEMPLATES.summary,
        content: { counts: { asOf: '2026-09-10', hazardsFound: 12, majorHazards: 1, hazardsClosed: 9, hazardsOpen: 3, hazardsOverdue: 0, inspections: 410, failedItems: 7, visits: 2 } },
        narrative: { last_plan: '', awareness: '领导高度重视', capability: '演练两次', measures: '每日一自查', results: '按期整改', next_goals: '巩固成果' },
      }),
    );
    for (const s of ['一、隐患、检查、督查情况', '发现隐患', '12', '检查次数', '410', '二、上阶段计划落实情况', '（未填写）', '三、思想意识', '领导高度重视', '七、下阶段目标', '巩固成果', '附件', '1. 整改照片.jpg', '2026年9月10日']) {
      expect(summary).toContain(s);
    }
    const weekly = await docxText(
      await submissionDocx({
        ...base,
        sections: REPORT_TEMPLATES.weeklyRollup,
        content: { checks: { week: { key: '2026-W47', start: '2026-11-16', end: '2026-11-22' }, owed: 40, done: 38, missed: 2, rate: 0.95, missedChecks: [{ pointName: '食堂', periodKey: '2026-11-18' }], failures: [{ inspectionId: '9', inspectedOn: '2026-11-17', pointName: '南门', itemText: '道闸正常', note: '故障', hazardId: null }] } },
        narrative: { note: '' },
      }),
    );
    for (const s of ['应查', '40', '完成率', '95.0%', '漏查明细', '食堂', '不合格项明细', '道闸正常', '故障', '2026-W47']) expect(weekly).toContain(s);
    expect(weekly).not.toContain('inspectionId');
  });

  it('audits every download with who, what and which period', async () => {
    const db = t().tdb.db;
    const rows = await db
      .selectFrom('audit_event')
      .select(['action', 'object_type', 'object_id', 'details'])
      .where('action', 'in', ['report.export_document', 'report.export_rollup'])
      .where('actor_user_id', 'in', [d.users.staff.id, d.users.schoolAdminA1.id, d.users.memberA.id, d.users.leader.id])
      .execute();
    const docs = rows.filter((r) => r.action === 'report.export_document');
    expect(docs.some((r) => r.object_id === subA1 && (r.details as { versionNo: number }).versionNo === 2)).toBe(true);
    const rollups = rows.filter((r) => r.action === 'report.export_rollup');
    expect(rollups.some((r) => (r.details as { format: string; rows: number }).format === 'xlsx' && (r.details as { rows: number }).rows === 3)).toBe(true);
    expect(rollups.some((r) => (r.details as { format: string }).format === 'docx' && (r.details as { period: string }).period === period.key)).toBe(true);
  });
});

function previousKey(key: string): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
