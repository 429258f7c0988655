import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { login, useTestApp, type Client } from './app.js';
import { buildDistrict, type District } from './factories.js';
import { postParts, sheetOf } from './multipart.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const daysFromToday = (n: number) => {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** A refusal as every client reads it: 400 VALIDATION_FAILED, `{error:{code,message,details}}`, a Chinese line naming the field. */
function expectRefused(res: LightMyRequestResponse, line: string | RegExp) {
  expect(res.statusCode, res.body).toBe(400);
  const body = res.json();
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/[\u4e00-\u9fff]/), details: expect.any(Array) });
  const details = body.error.details as string[];
  if (typeof line === 'string') expect(details).toContain(line);
  else expect(details.some((l) => line.test(l)), details.join('\n')).toBe(true);
  expect(body.error.message).toContain(details[0]);
  return body.error as { message: string; details: string[] };
}

describe('hostile input: a 400 with a Chinese message naming the field, never a 500, and nothing written', () => {
  const t = useTestApp();
  let d: District;
  let adminA1: Client, staffA1: Client, bureau: Client;
  let hazardId: string;

  /** Every table a refused request could have written to, counted straight from the database. */
  async function counts() {
    const db = t().tdb.db;
    const n = async (table: string) => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0]!.n);
    const tables = ['hazard', 'hazard_event', 'audit_event', 'app_user', 'user_session', 'file_object', 'unit', 'campaign', 'campaign_task', 'inspection', 'idempotency_key'];
    return Object.fromEntries(await Promise.all(tables.map(async (x) => [x, await n(x)] as const)));
  }

  /** Runs the request, expects the refusal, and checks that no table changed. */
  async function refusedUnchanged(send: () => Promise<LightMyRequestResponse>, line: string | RegExp) {
    const before = await counts();
    const error = expectRefused(await send(), line);
    expect(await counts()).toEqual(before);
    return error;
  }

  const report = (over: Record<string, unknown> = {}) => ({
    unitId: d.schoolA1.id,
    domain: 'fire',
    grade: 'general',
    source: 'self',
    title: '三楼走廊灭火器过期',
    description: '灭火器压力不足',
    foundAt: today(),
    foundBy: '李华',
    ...over,
  });
  const commitments = (over: Record<string, unknown> = {}) => ({
    owner: '王校长',
    measures: '更换灭火器',
    funds: 1200.5,
    dueDate: daysFromToday(14),
    contingencyPlan: '专人巡查',
    ...over,
  });
  /** A JSON body sent as written (JSON.stringify would escape what the test means to send raw). */
  const rawJson = (c: Client, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: string) =>
    t().app.inject({ method, url, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': 'application/json' }, payload });
  const hazardRow = () => t().tdb.db.selectFrom('hazard').select(['version', 'state', 'doc']).where('id', '=', hazardId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    const lg = (u: { username: string; password: string }) => login(t().app, u.username, u.password);
    [adminA1, staffA1, bureau] = await Promise.all([lg(d.users.schoolAdminA1), lg(d.users.schoolStaffA1), lg(d.users.staff)]);
    const created = await staffA1.post('/api/hazards', report());
    expect(created.statusCode).toBe(201);
    hazardId = created.json().hazard.id;
  });

  describe('the six findings', () => {
    it('refuses a NUL byte in a hazard title (was a 500 from PostgreSQL)', async () => {
      await refusedUnchanged(() => staffA1.post('/api/hazards', report({ title: '灭火器\u0000过期' })), 'title: 不能包含空字符或无效字符');
    });

    it('refuses a NUL byte in foundBy, and one nested in the commitments', async () => {
      await refusedUnchanged(() => staffA1.post('/api/hazards', report({ foundBy: '李\u0000华' })), 'foundBy: 不能包含空字符或无效字符');
      await refusedUnchanged(() => adminA1.post('/api/hazards', report({ register: commitments({ owner: '\u0000' }) })), 'register.owner: 不能包含空字符或无效字符');
    });

    it("refuses a NUL byte in a user's displayName and leaves the user as it was", async () => {
      const row = () => t().tdb.db.selectFrom('app_user').select(['display_name', 'version']).where('id', '=', d.users.schoolStaffA1.id).executeTakeFirstOrThrow();
      const before = await row();
      await refusedUnchanged(
        () => adminA1.patch(`/api/users/${d.users.schoolStaffA1.id}`, { version: before.version, displayName: '张\u0000三' }),
        'displayName: 不能包含空字符或无效字符',
      );
      expect(await row()).toEqual(before);
    });

    it('refuses a lone UTF-16 surrogate ("\\ud800" in the JSON text), high or low, at any depth', async () => {
      const body = JSON.stringify(report({ title: 'X' })).replace('"title":"X"', '"title":"\\ud800"');
      await refusedUnchanged(() => rawJson(staffA1, 'POST', '/api/hazards', body), 'title: 不能包含空字符或无效字符');
      const nested = JSON.stringify(report({ register: commitments({ measures: 'X' }) })).replace('"measures":"X"', '"measures":"更换\\udc00"');
      await refusedUnchanged(() => rawJson(adminA1, 'POST', '/api/hazards', nested), 'register.measures: 不能包含空字符或无效字符');
      // A whole pair is an ordinary character (an emoji).
      const emoji = await rawJson(staffA1, 'POST', '/api/hazards', JSON.stringify(report({ title: 'X' })).replace('"title":"X"', '"title":"灭火器\\ud83d\\udd25"'));
      expect(emoji.statusCode).toBe(201);
      expect(emoji.json().hazard.title).toBe('灭火器🔥');
    });

    it.each(['1e309', '9223372036854775808', '100001', '0', '-1', '1.5'])('refuses ?page=%s on every paged list (1e309 is Infinity; both were 500s)', async (page) => {
      for (const url of ['/api/hazards', '/api/users', '/api/units', '/api/inspections', '/api/notifications']) {
        expectRefused(await bureau.get(`${url}?page=${page}`), /^page: /);
      }
      expectRefused(await bureau.get(`/api/hazards?pageSize=${page === '0' ? '501' : page}`), /^pageSize: /);
    });

    it('refuses a NUL byte in the query string (?q=%00), however it is placed', async () => {
      expectRefused(await bureau.get('/api/hazards?q=%00'), 'q: 不能包含空字符或无效字符');
      expectRefused(await bureau.get('/api/hazards?q=%E6%B6%88%00%E9%98%B2'), 'q: 不能包含空字符或无效字符');
      expectRefused(await bureau.get('/api/users?q=%00'), 'q: 不能包含空字符或无效字符');
      expectRefused(await bureau.get('/api/hazards?owner=%00'), 'owner: 不能包含空字符或无效字符');
      expectRefused(await bureau.get('/api/hazards?%00=1'), /字段名不能包含空字符或无效字符/);
      // A surrogate written as the UTF-8 of half a pair is not UTF-8: it never decodes into the value.
      expect((await bureau.get('/api/hazards?q=%ED%A0%80')).statusCode).toBeLessThan(500);
    });

    it('refuses a due date of 9999-12-31 (never overdue), in Chinese, and the hazard stays as it was', async () => {
      const before = await hazardRow();
      const error = await refusedUnchanged(
        () => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ dueDate: '9999-12-31' }) }),
        'dueDate: 应为 2000-01-01 至 2100-12-31 之间的有效日期（YYYY-MM-DD）',
      );
      expect(error.details).toHaveLength(1);
      for (const bad of ['2101-01-01', '1999-12-31', '2026-02-30', '2026-13-01']) {
        await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ dueDate: bad }) }), /^dueDate: 应为 2000-01-01 至 2100-12-31/);
      }
      expect(await hazardRow()).toEqual(before);
    });

    it('refuses funds of 0.001 (was silently stored as 0), as a number or as a decimal string', async () => {
      const before = await hazardRow();
      for (const funds of [0.001, '0.001', 12.345, '12.345']) {
        const error = await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ funds }) }), 'funds: 最多两位小数');
        // One line for the field, not the union's "should be a string" / "no branch matched".
        expect(error.details).toEqual(['funds: 最多两位小数']);
      }
      await refusedUnchanged(() => adminA1.post('/api/hazards', report({ register: commitments({ funds: 0.001 }) })), 'register.funds: 最多两位小数');
      expect(await hazardRow()).toEqual(before);
      // Two decimals are fine, and 0.1 + 0.2 is 0.3 元, not a third decimal.
      const ok = await adminA1.post('/api/hazards', report({ register: commitments({ funds: 0.1 + 0.2 }) }));
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().hazard.fundsFen).toBe(30);
    });
  });

  describe('found in the sweep', () => {
    it('refuses path parameters with NUL, 30 digits or 1e309 as 400, never 500', async () => {
      for (const id of ['%00', '1%00', '123456789012345678901234567890', '1e309', '9223372036854775808', '-1', '%ED%A0%80']) {
        const res = await bureau.get(`/api/hazards/${id}`);
        expect(res.statusCode, `${id}: ${res.body}`).toBe(400);
        expect(res.json().error.code, `${id}: ${res.body}`).toBe('VALIDATION_FAILED');
      }
      expectRefused(await bureau.get('/api/hazards/%00'), /^id: /);
    });

    it('refuses impossible or out-of-range dates in query strings (2026-02-30 reached SQL as a 500)', async () => {
      for (const q of ['foundFrom=2026-02-30', 'foundTo=9999-12-31', 'foundFrom=0001-01-01']) {
        expectRefused(await bureau.get(`/api/hazards?${q}`), /^found(From|To): 应为 2000-01-01 至 2100-12-31/);
      }
      expectRefused(await bureau.get('/api/inspections?from=2026-13-45'), /^from: 应为/);
      expectRefused(await bureau.get('/api/inspection-completion?date=2026-02-29'), /^date: 应为/);
    });

    it('refuses a version of 2^40 or 1e300 (the integer column overflowed: a 500)', async () => {
      const before = await hazardRow();
      for (const version of [2 ** 40, 1e300, 2147483648]) {
        await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/start-rectification`, { version }), 'version: 不能大于 2147483647');
        await refusedUnchanged(() => adminA1.patch(`/api/users/${d.users.schoolStaffA1.id}`, { version, displayName: '张三' }), 'version: 不能大于 2147483647');
      }
      // JSON's 1e309 is Infinity after parsing.
      await refusedUnchanged(() => rawJson(adminA1, 'POST', `/api/hazards/${hazardId}/start-rectification`, '{"version":1e309}'), 'version: 不能大于 2147483647');
      expect(await hazardRow()).toEqual(before);
    });

    it('refuses funds of 1e20 or -1 元, as a number or a string', async () => {
      const before = await hazardRow();
      await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ funds: 1e20 }) }), 'funds: 不能大于 10000000000');
      await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ funds: -1 }) }), 'funds: 不能小于 0');
      await refusedUnchanged(() => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ funds: '100000000000' }) }), 'funds: 格式不正确');
    });

    it('refuses out-of-range dates everywhere a body takes one, with one line per field even where null is allowed', async () => {
      const before = await hazardRow();
      await refusedUnchanged(
        () => adminA1.post(`/api/hazards/${hazardId}/register`, { version: before.version, ...commitments({ plan: [{ title: '第一步', dueDate: '9999-12-31' }] }) }),
        'plan.0.dueDate: 应为 2000-01-01 至 2100-12-31 之间的有效日期（YYYY-MM-DD）',
      );
      await refusedUnchanged(() => staffA1.post('/api/hazards', report({ foundAt: '1900-01-01' })), /^foundAt: 应为/);
      const campaign = {
        title: `专项整治-${d.tag}`,
        periodStart: '2026-03-01',
        periodEnd: '2026-12-31',
        tasks: [{ title: '排查', leadDepartmentIds: [d.department.id], deadline: '9999-12-31' }],
      };
      const error = await refusedUnchanged(() => bureau.post('/api/campaigns', campaign), 'tasks.0.deadline: 应为 2000-01-01 至 2100-12-31 之间的有效日期（YYYY-MM-DD）');
      expect(error.details).toEqual(['tasks.0.deadline: 应为 2000-01-01 至 2100-12-31 之间的有效日期（YYYY-MM-DD）']);
      await refusedUnchanged(() => bureau.post('/api/campaigns', { ...campaign, tasks: [], periodEnd: '9999-12-31' }), /^periodEnd: 应为/);
      await refusedUnchanged(
        () => staffA1.post('/api/inspections', { kind: 'self', unitId: d.schoolA1.id, startedAt: '9999-12-31T00:00:00Z', checklistVersionIds: ['1'], answers: [{ checklistVersionId: '1', itemCode: 'A1', answer: 'pass' }] }),
        /^startedAt: 应为 2000-01-01 至 2100-12-31 之间的有效时间/,
      );
    });

    it('refuses JSON nested 100 000 levels deep without overflowing the stack', async () => {
      const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
      await refusedUnchanged(() => rawJson(staffA1, 'POST', '/api/hazards', `{"title":${deep}}`), /嵌套层级过深（最多 32 层）/);
    });

    it('answers an array of 100 000 bad items with a bounded message (not one line per item)', async () => {
      const ids = Array.from({ length: 100_000 }, () => 'x');
      const error = await refusedUnchanged(() => bureau.post('/api/campaigns', { title: 't', periodStart: '2026-03-01', periodEnd: '2026-12-31', scope: { all: false, schoolKinds: [], areaIds: [], schoolIds: ids } }), 'scope.schoolIds: 最多 2000 项');
      expect(error.details.length).toBeLessThanOrEqual(21);
      expect(error.message.length).toBeLessThan(2000);
      const nuls = Array.from({ length: 100_000 }, () => '\u0000');
      const nulError = await refusedUnchanged(() => bureau.post('/api/campaigns', { title: 't', periodStart: '2026-03-01', periodEnd: '2026-12-31', scope: { all: false, schoolKinds: [], areaIds: [], schoolIds: nuls } }), 'scope.schoolIds.0: 不能包含空字符或无效字符');
      expect(nulError.details.length).toBeLessThanOrEqual(20);
    });

    it('refuses a NUL in the User-Agent (stored in user_session) and signs nobody in', async () => {
      const before = await counts();
      const res = await t().app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': 'Mozilla\u0000' }, payload: { username: d.users.staff.username, password: d.users.staff.password } });
      expectRefused(res, 'user-agent: 不能包含空字符或无效字符');
      expect(res.cookies).toEqual([]);
      expect(await counts()).toEqual(before);
    });

    it('records no address rather than failing when X-Forwarded-For is not an address (the inet column made every write a 500)', async () => {
      const res = await t().app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': "not-an-ip'; DROP TABLE unit; --" },
        payload: { username: d.users.staff.username, password: d.users.staff.password },
        remoteAddress: '10.1.2.3',
      });
      expect(res.statusCode).toBe(200);
      const audit = await t().tdb.db.selectFrom('audit_event').select(sql<string | null>`host(ip)`.as('ip')).where('actor_user_id', '=', d.users.staff.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.ip).toBe('10.1.2.3');
    });

    it('refuses NUL in an uploaded file name (stored in file_object and the audit trail)', async () => {
      const upload = (filename: string) => postParts(t().app, staffA1, '/api/files', [{ name: 'file', filename, data: Buffer.from('%PDF-1.4\n%%EOF\n'), contentType: 'application/pdf' }]);
      await refusedUnchanged(() => uploadRaw(t().app, staffA1, '/api/files', "filename*=UTF-8''%E6%8A%A5%E5%91%8A%00.pdf", Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf'), 'filename: 不能包含空字符或无效字符');
      await refusedUnchanged(() => upload('报告\u0000.pdf'), 'filename: 不能包含空字符或无效字符');
      const xlsx = await sheetOf([['学校名称'], [`新学校-${d.tag}`]]);
      await refusedUnchanged(() => uploadRaw(t().app, bureau, '/api/imports/schools/commit', "filename*=UTF-8''%00.xlsx", xlsx), 'filename: 不能包含空字符或无效字符');
      await refusedUnchanged(() => uploadRaw(t().app, adminA1, '/api/hazards/import/commit', "filename*=UTF-8''%00.xlsx", xlsx), 'filename: 不能包含空字符或无效字符');
      await refusedUnchanged(() => uploadRaw(t().app, bureau, '/api/campaign-imports', "filename*=UTF-8''%00.docx", Buffer.from('PK')), 'filename: 不能包含空字符或无效字符');
    });

    it('refuses a NUL in the ledger import\'s mapping field', async () => {
      const xlsx = await sheetOf([['学校', '隐患类别', '隐患描述', '发现时间'], [d.schoolA1.name, '消防', '通道堵塞', '2026-03-05']]);
      await refusedUnchanged(
        () => postParts(t().app, adminA1, '/api/hazards/import/commit', [{ name: 'file', filename: '台账.xlsx', data: xlsx }, { name: 'mapping', data: '{"a\u0000": null}' }]),
        'mapping: 不能包含空字符或无效字符',
      );
    });
  });

  describe('the Excel ledger import refuses the same values with a row error, never rounding', () => {
    const header = ['学校', '隐患类别', '隐患描述', '发现时间', '责任人', '整改措施', '整改资金', '整改时限', '应急预案'];
    const row = (over: Partial<Record<'desc' | 'funds' | 'due' | 'owner', ExcelJS.CellValue>> = {}) => [
      d.schoolA1.name, '消防', over.desc ?? `通道堵塞-${crypto.randomBytes(3).toString('hex')}`, '2026-03-05', over.owner ?? '王主任', '清理', over.funds ?? 100, over.due ?? '2026-04-30', '专人值守',
    ];
    const send = (url: string, file: Buffer) => postParts(t().app, adminA1, url, [{ name: 'file', filename: '台账.xlsx', data: file }]);

    it('gives funds of 0.001 元 a row error in the preview and refuses the commit with 422, writing nothing', async () => {
      const file = await sheetOf([header, row({ funds: 0.001 }), row({ funds: '12.345' }), row({ funds: 12.5 })]);
      const preview = await send('/api/hazards/import/preview', file);
      expect(preview.statusCode).toBe(200);
      const p = preview.json();
      expect(p.errors).toEqual([
        { row: 2, column: '整改资金', message: expect.stringContaining('最多两位小数') },
        { row: 3, column: '整改资金', message: expect.stringContaining('最多两位小数') },
      ]);
      expect(p.rows.find((r: { row: number }) => r.row === 4)).toMatchObject({ fundsFen: 1250, state: 'registered' });
      const before = await counts();
      const commit = await send('/api/hazards/import/commit', file);
      expect(commit.statusCode).toBe(422);
      expect(commit.json().error.code).toBe('IMPORT_INVALID');
      expect(await counts()).toEqual(before);
    });

    it('gives a 9999-12-31 due date and a NUL written as _x0000_ row errors, writing nothing', async () => {
      const file = await sheetOf([header, row({ due: '9999-12-31' }), row({ desc: '_x0000_' }), row({ owner: '王_xD800_' })]);
      const p = (await send('/api/hazards/import/preview', file)).json();
      expect(p.errors).toEqual([
        { row: 2, column: '整改时限', message: '整改时限“9999-12-31”超出允许范围（2000-01-01 至 2100-12-31）' },
        { row: 3, column: '隐患描述', message: '隐患描述不能包含空字符或无效字符' },
        { row: 4, column: '责任人', message: '责任人不能包含空字符或无效字符' },
      ]);
      const before = await counts();
      expect((await send('/api/hazards/import/commit', file)).statusCode).toBe(422);
      expect(await counts()).toEqual(before);
    });

    it('gives the school import the same row error for a NUL cell, writing nothing', async () => {
      const file = await sheetOf([['学校名称', '地址'], [`新学校-${d.tag}`, '_x0000_']]);
      const before = await counts();
      const res = await postParts(t().app, bureau, '/api/imports/schools/commit', [{ name: 'file', filename: '学校.xlsx', data: file }]);
      expect(res.statusCode).toBe(422);
      expect(JSON.stringify(res.json().error.details)).toContain('不能包含空字符或无效字符');
      expect(await counts()).toEqual(before);
    });
  });

  describe('every request schema bounds what it accepts (so no route can reach SQL with an unbounded value)', () => {
    type Schema = Record<string, unknown>;
    /** Where a number without both bounds, a string without a length bound, or an array without maxItems hides. */
    function unbounded(schema: Schema, at: string, out: string[]) {
      const type = schema.type;
      const types = Array.isArray(type) ? type : [type];
      if (types.includes('integer') || types.includes('number')) {
        if (schema.minimum === undefined || schema.maximum === undefined) out.push(`${at}: number without minimum/maximum`);
      }
      if (types.includes('string') && schema.enum === undefined && schema.const === undefined) {
        const pattern = typeof schema.pattern === 'string' ? schema.pattern : undefined;
        // Anchored, and no + * {n,} outside a character class ([0-9+\- ] is one character).
        const quantifiers = pattern?.replace(/\[(?:\\.|[^\]])*\]/g, 'c');
        const boundedPattern = quantifiers !== undefined && quantifiers.startsWith('^') && quantifiers.endsWith('$') && !/[+*]|\{\d+,\}/.test(quantifiers);
        const boundedFormat = schema.format === 'date' || schema.format === 'date-time';
        if (schema.maxLength === undefined && !boundedPattern && !boundedFormat) out.push(`${at}: string without maxLength`);
      }
      if (types.includes('array') && schema.maxItems === undefined) out.push(`${at}: array without maxItems`);
      for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) unbounded(v, `${at}.${k}`, out);
      if (schema.items && typeof schema.items === 'object') unbounded(schema.items as Schema, `${at}[]`, out);
      for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
        for (const [i, v] of ((schema[key] ?? []) as Schema[]).entries()) unbounded(v, `${at}(${key}${i})`, out);
      }
    }

    it('has both bounds on every number, a length bound on every string and maxItems on every array', async () => {
      const doc = (await t().app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const out: string[] = [];
      for (const [p, ops] of Object.entries<Record<string, { parameters?: { in: string; name: string; schema: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>(doc.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          for (const param of op.parameters ?? []) unbounded(param.schema, `${m.toUpperCase()} ${p} ${param.in}.${param.name}`, out);
          const body = op.requestBody?.content?.['application/json']?.schema;
          if (body) unbounded(body, `${m.toUpperCase()} ${p} body`, out);
        }
      }
      expect(out).toEqual([]);
    });
  });
});

/** A multipart upload whose Content-Disposition is written as given (to send an RFC 5987 `filename*`). */
function uploadRaw(app: ReturnType<ReturnType<typeof useTestApp>>['app'], c: Client, url: string, filenameParam: string, data: Buffer, contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
  const boundary = `----hostile${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${filenameParam}\r\nContent-Type: ${contentType}\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({ method: 'POST', url, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
}
