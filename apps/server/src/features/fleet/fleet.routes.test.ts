import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, idNumberCheck, shanghaiDate } from '@xiaoan/domain';
import { loginEach, useTestApp, type Client } from '../../../test/app.js';
import { buildDistrict, type District } from '../../../test/factories.js';
import { postParts } from '../../../test/multipart.js';
import { fleetSweep } from './fleet-sweep.js';

/**
 * The school-bus registry through the real routes: a school admin registers its buses, drivers,
 * attendants and routes; a vehicle with an expired document is out of service, cannot be put on
 * a route and opens a hazard; bad input (duplicate plate or ID number, expiry before issue) is
 * refused in Chinese with nothing written; another school's records are 404 like unknown ones,
 * a team sees only its schools; the daily sweep reminds and opens hazards once; Excel out and in;
 * the QR labels.
 */

type Doc = { document: string; state: string; expiresOn: string };
type Vehicle = { id: string; schoolId: string; plate: string; status: string; documents: Doc[]; routes: { id: string; name: string }[]; version: number; hazards?: { hazardId: string; cause: string; title: string; state: string }[]; allowedActions?: string[] };
type List<T> = { items: T[]; total: number };

const now = new Date();
const today = shanghaiDate(now);
let seq = 0;
const idNumber = () => {
  const first = `3204021985${String(1 + (seq % 12)).padStart(2, '0')}${String(10 + (seq % 18)).padStart(2, '0')}${String(100 + seq++).slice(-3)}`;
  return first + idNumberCheck(first);
};
let plateSeq = 10000 + Math.floor(Math.random() * 80000);
const newPlate = () => `苏D·${plateSeq++}`;

describe('fleet: school buses, drivers, attendants and routes', () => {
  const t = useTestApp();
  let d: District;
  let c: Record<'leader' | 'memberA' | 'memberB' | 'schoolAdminA1' | 'schoolStaffA1' | 'schoolAdminB1', Client>;
  const count = async (table: 'vehicle' | 'bus_driver' | 'bus_route') => Number((await t().tdb.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const vehicleBody = (over: Record<string, unknown> = {}) => ({
    plate: newPlate(),
    seats: 35,
    model: '宇通 ZK6729DX',
    operator: '常州公交校车服务有限公司',
    licenceNo: `XC${plateSeq}`,
    licenceIssuedOn: addDays(today, -300),
    licenceExpiresOn: addDays(today, 400),
    inspectedOn: addDays(today, -100),
    inspectionDueOn: addDays(today, 265),
    insuranceExpiresOn: addDays(today, 200),
    gpsDeviceId: 'BD-3204-0001',
    ...over,
  });
  const driverBody = (over: Record<string, unknown> = {}) => ({
    name: '张建国',
    idNumber: idNumber(),
    phone: '13912345678',
    licenceClass: 'A1',
    licenceNo: 'J320402001',
    licenceIssuedOn: '2005-03-01',
    licenceExpiresOn: addDays(today, 900),
    qualificationNo: 'XCJ-2024-018',
    qualificationIssuedOn: '2024-01-10',
    qualificationExpiresOn: addDays(today, 700),
    ...over,
  });
  let good: Vehicle;
  let expired: Vehicle;
  let driverId: string;
  let attendantId: string;

  beforeAll(async () => {
    d = await buildDistrict(t().tdb.db);
    c = await loginEach(t().app, d.users, ['leader', 'memberA', 'memberB', 'schoolAdminA1', 'schoolStaffA1', 'schoolAdminB1']);
    const res = await c.schoolAdminA1.post('/api/registries/vehicles', vehicleBody());
    expect(res.statusCode, res.body).toBe(201);
    good = res.json();
    const drv = await c.schoolAdminA1.post('/api/registries/drivers', driverBody());
    expect(drv.statusCode, drv.body).toBe(201);
    driverId = drv.json().id;
    const att = await c.schoolAdminA1.post('/api/registries/attendants', { name: '李秀英', idNumber: idNumber(), phone: '13812345678', trainedOn: addDays(today, -30) });
    expect(att.statusCode, att.body).toBe(201);
    attendantId = att.json().id;
  });

  it('registers a vehicle of the admin’s own school, in service, with its three documents', () => {
    expect(good.schoolId).toBe(d.schoolA1.id);
    expect(good.status).toBe('in_service');
    expect(good.documents.map((x) => x.document)).toEqual(['licence', 'inspection', 'insurance']);
    expect(good.allowedActions).toEqual(['edit']);
  });

  it('puts a vehicle with an expired document out of service at once and opens its hazard, reported by the admin', async () => {
    const res = await c.schoolAdminA1.post('/api/registries/vehicles', vehicleBody({ inspectionDueOn: addDays(today, -1), inspectedOn: addDays(today, -366) }));
    expect(res.statusCode, res.body).toBe(201);
    expired = res.json();
    expect(expired.status).toBe('out_of_service');
    expect(expired.hazards).toHaveLength(1);
    expect(expired.hazards![0]!.cause).toBe(`expired:inspection:${addDays(today, -1)}`);
    expect(expired.hazards![0]!.title).toContain('年检已过期');
    const h = await c.schoolAdminA1.get(`/api/hazards/${expired.hazards![0]!.hazardId}`);
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().hazard.domain).toBe('traffic_bus');
  });

  it('refuses a duplicate plate (however it is spaced), an expiry before issue and bad seats, each as field: reason, writing nothing', async () => {
    const before = await count('vehicle');
    const dup = await c.schoolAdminB1.post('/api/registries/vehicles', vehicleBody({ plate: good.plate.replace('·', ' ').toLowerCase() }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain(`plate: 车牌号 ${good.plate} 已登记`);
    const order = await c.schoolAdminA1.post('/api/registries/vehicles', vehicleBody({ licenceIssuedOn: addDays(today, 10), licenceExpiresOn: addDays(today, 5), seats: 3 }));
    expect(order.statusCode).toBe(400);
    const fields = (order.json().error.details.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['licenceExpiresOn', 'seats']));
    expect(order.json().error.message).toContain('licenceExpiresOn: 许可有效期不能早于发放日期');
    expect(await count('vehicle')).toBe(before);
  });

  it('refuses a duplicate ID number and a driver’s licence that expires before it was issued', async () => {
    const before = await count('bus_driver');
    const first = (await c.schoolAdminA1.get(`/api/registries/drivers/${driverId}`)).json() as { idNumber: string };
    const dup = await c.schoolAdminB1.post('/api/registries/drivers', driverBody({ idNumber: first.idNumber }));
    expect(dup.statusCode).toBe(400);
    expect(dup.json().error.message).toContain('idNumber: 该身份证号已登记');
    const bad = await c.schoolAdminA1.post('/api/registries/drivers', driverBody({ licenceIssuedOn: '2020-01-01', licenceExpiresOn: '2019-12-31' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('licenceExpiresOn: 驾驶证有效期不能早于初领日期');
    expect(await count('bus_driver')).toBe(before);
  });

  it('will not assign an out-of-service vehicle to a route, and assigns one in service', async () => {
    const before = await count('bus_route');
    const stops = [
      { name: '青龙苑', time: '07:05' },
      { name: '红梅新村', time: '07:20' },
      { name: '学校', time: '07:40' },
    ];
    const refused = await c.schoolAdminA1.post('/api/registries/bus-routes', { name: '一号线', stops, vehicleId: expired.id, driverId, attendantId });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toContain(`vehicleId: 校车 ${expired.plate} 停运中（年检已于 ${addDays(today, -1)} 到期），不能安排线路`);
    expect(await count('bus_route')).toBe(before);
    const ok = await c.schoolAdminA1.post('/api/registries/bus-routes', { name: '一号线', stops, vehicleId: good.id, driverId, attendantId });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().status).toBe('ready');
    const moved = await c.schoolAdminA1.put(`/api/registries/bus-routes/${ok.json().id}`, { version: 1, name: '一号线', stops, vehicleId: expired.id, driverId, attendantId });
    expect(moved.statusCode).toBe(400);
    const v = (await c.schoolAdminA1.get(`/api/registries/vehicles/${good.id}`)).json() as Vehicle;
    expect(v.routes.map((r) => r.name)).toEqual(['一号线']);
  });

  it('will not assign another school’s vehicle to a route (as if it did not exist)', async () => {
    const b = await c.schoolAdminB1.post('/api/registries/bus-routes', { name: '乙线', stops: [{ name: '站', time: '07:00' }], vehicleId: good.id });
    expect(b.statusCode).toBe(400);
    expect(b.json().error.message).toContain('vehicleId: 该校车不存在');
  });

  it('renews a document and the vehicle runs again', async () => {
    const res = await c.schoolAdminA1.put(`/api/registries/vehicles/${expired.id}`, { ...vehicleBody({ plate: expired.plate, inspectedOn: today, inspectionDueOn: addDays(today, 365) }), version: expired.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('in_service');
    expect(res.json().hazards).toHaveLength(1);
    const stale = await c.schoolAdminA1.put(`/api/registries/vehicles/${expired.id}`, { ...vehicleBody({ plate: expired.plate }), version: expired.version });
    expect(stale.statusCode).toBe(409);
  });

  it('lets school staff read but not write; the bureau and the school’s team read; another school and another team get 404 and empty lists', async () => {
    expect((await c.schoolStaffA1.get(`/api/registries/vehicles/${good.id}`)).statusCode).toBe(200);
    expect((await c.schoolStaffA1.post('/api/registries/vehicles', vehicleBody())).statusCode).toBe(403);
    expect((await c.leader.get(`/api/registries/vehicles/${good.id}`)).json().allowedActions).toEqual([]);
    expect((await c.memberA.get(`/api/registries/vehicles/${good.id}`)).statusCode).toBe(200);
    for (const client of [c.memberB, c.schoolAdminB1]) {
      for (const url of [`/api/registries/vehicles/${good.id}`, `/api/registries/drivers/${driverId}`, `/api/registries/attendants/${attendantId}`]) {
        const res = await client.get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
      expect((await client.get('/api/registries/vehicles')).json()).toEqual({ items: [], total: 0 });
      expect((await client.get('/api/registries/drivers')).json().total).toBe(0);
    }
    expect((await c.schoolAdminB1.get('/api/registries/vehicles/999999999')).json().error.code).toBe('NOT_FOUND');
    const all = (await c.leader.get(`/api/registries/vehicles?unitId=${d.area1.id}&pageSize=10`)).json() as List<Vehicle>;
    expect(all.total).toBeGreaterThanOrEqual(2);
  });

  it('filters the list by status in Beijing days', async () => {
    await c.schoolAdminA1.post('/api/registries/vehicles', vehicleBody({ insuranceExpiresOn: addDays(today, 10) }));
    const expiring = (await c.schoolAdminA1.get('/api/registries/vehicles?status=expiring')).json() as List<Vehicle>;
    expect(expiring.total).toBe(1);
    expect(expiring.items[0]!.status).toBe('expiring');
    const running = (await c.schoolAdminA1.get('/api/registries/vehicles?status=in_service')).json() as List<Vehicle>;
    expect(running.items.every((v) => v.status === 'in_service')).toBe(true);
  });

  it('sweeps daily: reminds of documents expiring within 30 days, opens a hazard for an expired one, and the second run does nothing', async () => {
    const db = t().tdb.db;
    const school = await db.selectFrom('unit').select((eb) => eb.cast<string>('path', 'text').as('path')).where('id', '=', d.schoolA1.id).executeTakeFirstOrThrow();
    // A vehicle whose licence lapsed yesterday, written straight to the table (no one saved it today).
    const lapsed = await db
      .insertInto('vehicle')
      .values({ school_id: d.schoolA1.id, unit_path: school.path, plate: newPlate(), seats: 19, operator: '自有', licence_no: 'XC-L', licence_issued_on: addDays(today, -400), licence_expires_on: addDays(today, -1), inspection_due_on: addDays(today, 100), insurance_expires_on: addDays(today, 100) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const first = await fleetSweep(db, now);
    expect(first.hazards).toBe(1);
    expect(first.reminders).toBeGreaterThanOrEqual(1);
    expect(await fleetSweep(db, now)).toEqual({ reminders: 0, hazards: 0 });
    const v = (await c.schoolAdminA1.get(`/api/registries/vehicles/${lapsed.id}`)).json() as Vehicle;
    expect(v.status).toBe('out_of_service');
    expect(v.hazards!.map((h) => h.cause)).toEqual([`expired:licence:${addDays(today, -1)}`]);
    const notes = (await c.schoolAdminA1.get('/api/notifications?pageSize=50')).body;
    expect(notes).toContain('保险将于');
  });

  it('exports the school’s registry as four sheets and prints a QR label per vehicle', async () => {
    const res = await c.schoolAdminA1.get('/api/registries/vehicles/export.xlsx');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['校车', '驾驶人', '随车照管人员', '线路']);
    expect(wb.getWorksheet('校车')!.getRow(2).getCell(1).value).toBe('车牌号');
    expect(String(wb.getWorksheet('驾驶人')!.getRow(3).getCell(2).value)).toContain('********');
    expect((await c.leader.get('/api/registries/vehicles/export.xlsx')).statusCode).toBe(400);
    expect((await c.memberB.get(`/api/registries/vehicles/export.xlsx?schoolId=${d.schoolA1.id}`)).statusCode).toBe(404);
    const labels = await c.schoolAdminA1.get('/api/registries/vehicles/labels');
    expect(labels.statusCode).toBe(200);
    expect(labels.body).toContain(good.plate);
    expect(labels.body).toContain('<svg');
  });

  it('imports vehicles from Excel with a preview and per-row errors, writing nothing while any row is bad', async () => {
    const sheet = async (rows: (string | number)[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('校车');
      ws.addRow(['车牌号', '核载人数', '运营单位', '校车使用许可证号', '许可发放日期', '许可有效期至', '年检有效期至', '保险有效期至']);
      for (const r of rows) ws.addRow(r);
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const p1 = newPlate();
    const p2 = newPlate();
    const before = await count('vehicle');
    const bad = await sheet([
      [p1, 40, '公交公司', 'XC-1', addDays(today, -10), addDays(today, 300), addDays(today, 200), addDays(today, 100)],
      [good.plate, 40, '公交公司', 'XC-2', addDays(today, -10), addDays(today, -20), addDays(today, 200), addDays(today, 100)],
    ]);
    const preview = await postParts(t().app, c.schoolAdminA1, '/api/registries/vehicles/import', [{ name: 'file', data: bad, filename: '校车.xlsx' }]);
    expect(preview.statusCode, preview.body).toBe(200);
    const r = preview.json() as { dryRun: boolean; errors: number; rows: { row: number; action: string; errors: string[] }[] };
    expect(r.dryRun).toBe(true);
    expect(r.errors).toBe(1);
    expect(r.rows[1]!.action).toBe('update');
    expect(r.rows[1]!.errors).toContain('许可有效期至: 许可有效期不能早于发放日期');
    expect(await count('vehicle')).toBe(before);
    const ok = await sheet([[p2, 40, '公交公司', 'XC-3', addDays(today, -10), addDays(today, 300), addDays(today, 200), addDays(today, 100)]]);
    const dry = await postParts(t().app, c.schoolAdminA1, '/api/registries/vehicles/import/preview', [{ name: 'file', data: ok, filename: '校车.xlsx' }]);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1, errors: 0 });
    expect(await count('vehicle')).toBe(before);
    const done = await postParts(t().app, c.schoolAdminA1, '/api/registries/vehicles/import', [{ name: 'file', data: ok, filename: '校车.xlsx' }]);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ dryRun: false, created: 1, errors: 0 });
    expect(await count('vehicle')).toBe(before + 1);
  });
});
