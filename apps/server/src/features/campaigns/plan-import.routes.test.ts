import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlanImportResult } from '@xiaoan/contracts';
import { PLAN_LIMITS } from '@xiaoan/domain';
import { login, useTestApp, type Client } from '../../../test/app.js';
import { docxOf, zipOf } from '../../../test/docx.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts } from '../../../test/multipart.js';
import { docOf, oleOf, pdfScanned, pdfWithText, xlsLike } from '../../../test/plan-files.js';

const fixture = (path: string) => readFileSync(fileURLToPath(new URL(`../../../../../packages/domain/src/campaign/${path}`, import.meta.url)), 'utf8');
const SEED_001 = fixture('fixtures/001_78d50332787e50e1.txt');
/** A plan of the corpus pasted as its web page published it (gov.cn 信息公开 page, furniture and all). */
const WEB_PAGE = fixture('corpus/plans/c01.txt');
const PLAN = [
  '某县教育局关于印发校园消防安全专项整治工作方案的通知',
  '某教发〔2023〕12号',
  '各中小学校、幼儿园：',
  '现将《某县校园消防安全专项整治工作方案》印发给你们，请认真贯彻执行。',
  '某县教育局',
  '2023年3月6日',
  '某县校园消防安全专项整治工作方案',
  '一、整治时间',
  '2023年3月至2023年11月。',
  '二、重点任务',
  '（一）排查消防设施。6月底前完成维修。（责任单位：安全股）',
  '（二）整治电气线路。持续推进。（基建股负责）',
  '三、工作步骤',
  '1.动员部署（3月中旬前）。',
  '2.集中整治（3月下旬至9月底）。',
  '3.总结验收（10月至11月）。',
  '四、工作要求',
  '各学校于每月5日前报送上月整治情况，全县学校消防设施完好率达到100%。',
];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('plan import: .doc, PDF, pasted web text, and what is refused', () => {
  const t = useTestApp();
  let d: District;
  let staff: Client;
  const counts = async () => {
    const db = t().tdb.db;
    const n = async (table: 'campaign' | 'campaign_task' | 'file_object' | 'audit_event') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    return { campaign: await n('campaign'), task: await n('campaign_task'), file: await n('file_object'), audit: await n('audit_event') };
  };
  const upload = (data: Buffer, filename: string, contentType = 'application/octet-stream') =>
    postParts(t().app, staff, '/api/campaign-imports', [{ name: 'file', filename, contentType, data }]);

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    staff = await login(t().app, d.users.staff.username, d.users.staff.password);
  });

  /** What any format of the plan must yield: header, period, stages, tasks with leads and deadlines, rule, indicator. */
  const expectThePlan = (r: PlanImportResult) => {
    const p = r.proposal;
    expect(p.title?.value).toBe('某县校园消防安全专项整治工作方案');
    expect(p.docNumber?.value).toBe('某教发〔2023〕12号');
    expect(p.issuer?.value).toBe('某县教育局');
    expect(p.period?.value).toEqual({ start: '2023-03-01', end: '2023-11-30' });
    expect(p.stages.map((s) => s.value.name)).toEqual(['动员部署', '集中整治', '总结验收']);
    expect(p.tasks.map((x) => [x.value.title, x.value.leads, x.value.deadline])).toEqual([
      ['排查消防设施', ['安全股'], '2023-06-30'],
      ['整治电气线路', ['基建股'], '2023-11-30'],
    ]);
    expect(p.reportingRules[0]?.value).toMatchObject({ kind: 'monthly', dayOfMonth: 5 });
    expect(p.indicators[0]?.value).toMatchObject({ name: '全县学校消防设施完好率', target: 100 });
    // every evidence is the text at its offsets in the text the answer returns
    for (const x of [p.title, p.period, ...p.stages, ...p.tasks, ...p.reportingRules, ...p.indicators]) {
      expect(r.text.slice(x!.evidence.start, x!.evidence.end)).toBe(x!.evidence.text);
    }
  };

  it('reads an old Word 97–2003 .doc (word-extractor), keeps it as application/msword and creates no campaign', async () => {
    const before = await counts();
    const res = await upload(docOf(PLAN.join('\n')), '消防方案.doc', 'application/msword');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PlanImportResult;
    expectThePlan(r);
    const after = await counts();
    expect(after).toMatchObject({ campaign: before.campaign, task: before.task, file: before.file + 1 });
    const meta = await staff.get(`/api/files/${r.fileId}/meta`);
    expect(meta.json()).toMatchObject({ mime: 'application/msword', originalName: '消防方案.doc' });
  });

  it('reads a PDF with a text layer (pdf.js) over several pages, as the same plan', async () => {
    const res = await upload(pdfWithText([...PLAN, ...Array.from({ length: 50 }, (_, k) => `附：第${k + 1}条说明文字。`)]), '消防方案.pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PlanImportResult;
    expectThePlan(r);
    expect((await staff.get(`/api/files/${r.fileId}/meta`)).json()).toMatchObject({ mime: 'application/pdf' });
  });

  it('joins the rows a PDF wraps a paragraph into, not the rows that start an item', async () => {
    // each printed row of a PDF is a line of its own: 「（一）排查消防设施。6月底前完成维修。（责任」 / 「单位：安全股）」
    const rows = PLAN.flatMap((l) => (l.length > 26 ? [l.slice(0, 26), l.slice(26)] : [l]));
    const res = await upload(pdfWithText(rows), '分行.pdf', 'application/pdf');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PlanImportResult;
    expect(r.text).toContain('（一）排查消防设施。6月底前完成维修。（责任单位：安全股）');
    expectThePlan(r);
  });

  it('reads the .docx as before, and a .doc renamed to .docx as the .doc it is', async () => {
    expectThePlan((await upload(docxOf(PLAN.join('\n')), '方案.docx', DOCX)).json() as PlanImportResult);
    const renamed = await upload(docOf(PLAN.join('\n')), '方案.docx', DOCX);
    expect(renamed.statusCode, renamed.body).toBe(200);
    expectThePlan(renamed.json() as PlanImportResult);
  });

  it('reads pasted web text with its furniture (索引号, 发布日期 …): the header from the page, offsets on the pasted text', async () => {
    const res = await staff.post('/api/campaign-imports/text', { text: WEB_PAGE });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json() as PlanImportResult;
    expect(r.text).toBe(WEB_PAGE);
    expect(r.proposal.docNumber?.value).toBe('蒙政办发〔2023〕37号');
    expect(r.proposal.issuedOn?.value).toBe('2023-05-06');
    expect(r.proposal.period?.value).toEqual({ start: '2022-01-01', end: '2024-12-31' });
    expect(r.proposal.title?.value).toContain('校园安全防范能力提升三年行动计划');
    expect(r.proposal.title?.value).not.toMatch(/索引号|发布日期/);
  });

  it('keeps the text answer of today for the seeds (same shape: value and evidence per item)', async () => {
    const r = (await staff.post('/api/campaign-imports/text', { text: SEED_001 })).json() as PlanImportResult;
    expect(Object.keys(r.proposal).sort()).toEqual(
      ['docNumber', 'focusDomains', 'indicators', 'issuedOn', 'issuer', 'missing', 'period', 'reportingRules', 'stages', 'tasks', 'teams', 'title'].sort(),
    );
    expect(r.proposal.stages).toHaveLength(4);
    expect(r.proposal.period?.value.start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Object.keys(r.proposal.tasks[0]!.value).sort()).toEqual(['cooperating', 'deadline', 'description', 'domain', 'leads', 'stageIndex', 'title']);
  });

  it('creates the campaign from seed 001 with its unmatched lead names mapped to departments: kept in the audit record; a foreign department refused, nothing written', async () => {
    const db = t().tdb.db;
    const office = await db.insertInto('department').values({ unit_id: d.bureau.id, name: `发展规划与财务科-${d.tag}` }).returning('id').executeTakeFirstOrThrow();
    const other = await buildDistrict(db);
    const r = (await staff.post('/api/campaign-imports/text', { text: SEED_001 })).json() as PlanImportResult;
    const unmatched = r.departmentMatches.filter((m) => m.departmentId === null).map((m) => m.name);
    expect(unmatched).toEqual(expect.arrayContaining(['装备中心', '体卫艺科']));
    // the review maps every unmatched lead name to the office; the tasks then carry the office as lead
    const mapped = new Map(r.departmentMatches.map((m) => [m.name, m.departmentId ?? office.id]));
    const body = (leadMappings: { name: string; departmentId: string }[]) => ({
      title: r.proposal.title!.value,
      periodStart: r.proposal.period!.value.start,
      periodEnd: r.proposal.period!.value.end,
      tasks: r.proposal.tasks.map((x) => ({ title: x.value.title, leadDepartmentIds: [...new Set(x.value.leads.map((n) => mapped.get(n)!))] })),
      leadMappings,
    });
    const before = await counts();
    const foreign = await staff.post('/api/campaigns', body([{ name: '装备中心', departmentId: other.department.id }]));
    expect(foreign.statusCode, foreign.body).toBe(400);
    expect(foreign.json().error.message).toMatch(/牵头单位对应1「装备中心」：科室 \d+ 不存在或不属于本局/);
    const twice = await staff.post('/api/campaigns', body([{ name: '装备中心', departmentId: office.id }, { name: '装备中心', departmentId: d.department.id }]));
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.message).toMatch(/同一名称只能对应一个科室/);
    expect(await counts()).toEqual(before);

    const ok = await staff.post('/api/campaigns', body(unmatched.map((name) => ({ name, departmentId: office.id }))));
    expect(ok.statusCode, ok.body).toBe(201);
    const c = ok.json() as { campaign: { id: string }; tasks: { title: string; leads: { id: string }[] }[] };
    expect(c.tasks.find((x) => x.title.includes('危险化学品'))?.leads.map((l) => l.id)).toEqual([office.id]);
    const audit = await db.selectFrom('audit_event').select('details').where('action', '=', 'campaign.create').where('object_id', '=', c.campaign.id).executeTakeFirstOrThrow();
    expect((audit.details as { leadMappings: unknown }).leadMappings).toEqual(unmatched.map((name) => ({ name, departmentId: office.id })));
  });

  const refused: [string, () => Buffer, string, number, RegExp, string?][] = [
    ['a scanned PDF (pages with no text layer)', () => pdfScanned(3), '扫描件.pdf', 422, /扫描件/, 'scanned_pdf'],
    ['a PDF with an open password', () => pdfWithText(PLAN, { encrypted: true }), '加密.pdf', 400, /密码/],
    ['a corrupt PDF', () => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 0x41)]), '坏的.pdf', 400, /已损坏/],
    ['a cut-off PDF', () => pdfWithText(PLAN).subarray(0, 600), '半个.pdf', 400, /已损坏/],
    [`a PDF of ${PLAN_LIMITS.maxPdfPages + 100} pages`, () => pdfWithText(Array.from({ length: 40 * (PLAN_LIMITS.maxPdfPages + 100) }, (_, k) => `第${k}行`)), '汇编.pdf', 400, /超过实施方案导入的上限 100 页/],
    ['a .doc with an open password (FIB fEncrypted)', () => docOf(PLAN.join('\n'), { encrypted: true }), '加密.doc', 400, /打开密码/],
    ['an .xls renamed to .doc', () => xlsLike(), '方案.doc', 400, /Excel（\.xls）/],
    ['an OLE file that is no Word document (a renamed .wps)', () => oleOf([{ name: 'WpsContent', data: Buffer.alloc(5000, 7) }]), '方案.wps.doc', 400, /WPS/],
    ['an encrypted Office 2007+ file (EncryptionInfo)', () => oleOf([{ name: 'EncryptionInfo', data: Buffer.alloc(4096, 1) }, { name: 'EncryptedPackage', data: Buffer.alloc(4096, 2) }]), '方案.docx', 400, /打开密码/],
    ['a .docx that is an .xlsx', () => zipOf([{ name: '[Content_Types].xml', data: Buffer.from('x') }, { name: 'xl/workbook.xml', data: Buffer.from('y') }]), '方案.docx', 400, /没有 Word 正文/],
    ['a web page saved as .doc', () => Buffer.from('<html><body>方案</body></html>'), '方案.doc', 400, /网页或 RTF/],
    ['a text file renamed', () => Buffer.from('这不是Word文件'.repeat(20)), '方案.docx', 400, /不是有效的 Word/],
    [`a document longer than ${PLAN_LIMITS.maxChars} characters (about 200 pages)`, () => docxOf(`${PLAN.join('\n')}\n${'各学校要认真开展隐患排查整治工作。'.repeat(9000)}`), '全年汇编.docx', 400, /过长/],
    ['a document that is not a plan', () => docOf('清蒸鲈鱼的做法\n鲈鱼洗净，加姜丝葱段，大火蒸八分钟，淋上热油和蒸鱼豉油即可。'), '菜谱.doc', 422, /不是实施方案/, 'not_a_plan'],
  ];
  for (const [what, make, filename, status, message, domainCode] of refused) {
    it(`refuses ${what} with a Chinese ${status}, storing nothing`, async () => {
      const before = await counts();
      const res = await upload(make(), filename);
      expect(res.statusCode, res.body).toBe(status);
      const err = res.json().error;
      expect(err.message).toMatch(message);
      expect(err.message).toMatch(/[\u4e00-\u9fa5]/);
      if (domainCode) expect(err.details).toMatchObject({ domainCode });
      expect(await counts()).toEqual(before);
    });
  }

  it('refuses pasted text that is not a plan (422 not_a_plan) and pasted text over the limit (400)', async () => {
    const before = await counts();
    const notPlan = await staff.post('/api/campaign-imports/text', { text: '今天天气很好，我们去公园散步。' });
    expect(notPlan.statusCode).toBe(422);
    expect(notPlan.json().error).toMatchObject({ code: 'IMPORT_INVALID', details: { domainCode: 'not_a_plan' } });
    const long = await staff.post('/api/campaign-imports/text', { text: `${PLAN.join('\n')}\n${'工作任务。'.repeat(25000)}` });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toMatch(/过长.*100000 字/);
    expect(await counts()).toEqual(before);
  });
});
