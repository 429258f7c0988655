import ExcelJS from 'exceljs';
import { BUS_ROUTE_STATUS_LABELS, DRIVER_STATUS_LABELS, normalizePlate, shanghaiDate, VEHICLE_STATUS_LABELS, vehicleInputIssues, type VehicleInput } from '@xiaoan/domain';
import type { FleetSchoolQuery, VehicleImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid } from '../../http/errors.js';
import { cellText, findHeader, headerMatcher, loadWorkbook, sheetDate, type SheetFields } from '../../http/sheet.js';
import { runCommand } from '../../kernel/command.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { findSchoolAttendants, findSchoolDrivers, findSchoolRoutes, findSchoolVehicles, findVehicleIdByPlate, findVehicleInScope, insertVehicle, updateVehicleRow } from './fleet.repository.js';
import { toDriverSummary, toAttendantSummary } from './fleet-people.service.js';
import { toRouteSummary } from './fleet-route.service.js';
import { openExpiredVehicleHazards, toVehicleSummary } from './fleet.service.js';
import { readableSchool } from './fleet-labels.js';

/**
 * The school-bus registry in Excel: one workbook per school in the layout schools keep (校车,
 * 驾驶人, 随车照管人员, 线路), and the vehicles' import from the 校车 sheet's layout, previewed
 * first, with per-row Chinese errors; nothing is written while any row has one.
 */

type VehicleField = 'plate' | 'seats' | 'model' | 'operator' | 'licenceNo' | 'licenceIssuedOn' | 'licenceExpiresOn' | 'inspectedOn' | 'inspectionDueOn' | 'insuranceStartsOn' | 'insuranceExpiresOn' | 'gpsDeviceId' | 'note';

export const VEHICLE_SHEET: SheetFields<VehicleField> = {
  plate: { label: '车牌号', synonyms: ['车牌号', '车牌', '车牌号码', '号牌号码'], required: true },
  seats: { label: '核载人数', synonyms: ['核载人数', '核定载客', '座位数', '核载'], required: true },
  model: { label: '车型', synonyms: ['车型', '品牌型号', '厂牌型号'] },
  operator: { label: '运营单位', synonyms: ['运营单位', '所属单位', '车辆所有人'], required: true },
  licenceNo: { label: '校车使用许可证号', synonyms: ['校车使用许可证号', '许可证号', '校车标牌号', '使用许可证号'], required: true },
  licenceIssuedOn: { label: '许可发放日期', synonyms: ['许可发放日期', '发证日期', '许可日期'], required: true },
  licenceExpiresOn: { label: '许可有效期至', synonyms: ['许可有效期至', '许可有效期', '许可到期日'], required: true },
  inspectedOn: { label: '年检日期', synonyms: ['年检日期', '检验日期', '最近年检'] },
  inspectionDueOn: { label: '年检有效期至', synonyms: ['年检有效期至', '检验有效期至', '年检到期日'], required: true },
  insuranceStartsOn: { label: '起保日期', synonyms: ['起保日期', '保险起期'] },
  insuranceExpiresOn: { label: '保险有效期至', synonyms: ['保险有效期至', '保险到期日', '保险止期'], required: true },
  gpsDeviceId: { label: '卫星定位装置编号', synonyms: ['卫星定位装置编号', 'GPS编号', '定位装置编号', 'GPS设备号'] },
  note: { label: '备注', synonyms: ['备注'] },
};

const ORDER = Object.keys(VEHICLE_SHEET) as VehicleField[];

function addSheet(wb: ExcelJS.Workbook, name: string, title: string, headers: string[], rows: (string | number | null)[][]) {
  const ws = wb.addWorksheet(name);
  ws.addRow([title]);
  ws.mergeCells(1, 1, 1, headers.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  const h = ws.addRow(headers);
  h.font = { bold: true };
  h.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  for (const r of rows) ws.addRow(r);
  headers.forEach((hd, i) => (ws.getColumn(i + 1).width = Math.max(10, hd.length * 2 + 4)));
}

export async function exportFleet(db: DbOrTrx, ctx: RequestContext, q: FleetSchoolQuery, now = new Date()): Promise<{ fileName: string; buffer: Buffer }> {
  const school = await readableSchool(db, ctx, q.schoolId);
  const today = shanghaiDate(now);
  const [vehicles, drivers, attendants, routes] = await Promise.all([findSchoolVehicles(db, school.id), findSchoolDrivers(db, school.id), findSchoolAttendants(db, school.id), findSchoolRoutes(db, school.id)]);
  const wb = new ExcelJS.Workbook();
  wb.creator = '校安';
  addSheet(
    wb,
    '校车',
    `${school.name} 校车台账（${today}）`,
    [...ORDER.map((f) => VEHICLE_SHEET[f].label), '状态', '线路'],
    vehicles.map((r) => {
      const v = toVehicleSummary(r, today);
      return [v.plate, v.seats, v.model, v.operator, v.licenceNo, v.licenceIssuedOn, v.licenceExpiresOn, v.inspectedOn, v.inspectionDueOn, v.insuranceStartsOn, v.insuranceExpiresOn, v.gpsDeviceId, v.note, VEHICLE_STATUS_LABELS[v.status], v.routes.map((x) => x.name).join('、')];
    }),
  );
  addSheet(
    wb,
    '驾驶人',
    `${school.name} 校车驾驶人`,
    ['姓名', '身份证号', '联系电话', '准驾车型', '驾驶证号', '初领日期', '驾驶证有效期至', '校车驾驶资格编号', '资格取得日期', '资格有效期至', '状态', '线路'],
    drivers.map((r) => {
      const x = toDriverSummary(r, today);
      return [x.name, x.idNumberMasked, x.phone, x.licenceClass, x.licenceNo, x.licenceIssuedOn, x.licenceExpiresOn, x.qualificationNo, x.qualificationIssuedOn, x.qualificationExpiresOn, DRIVER_STATUS_LABELS[x.status], x.routes.map((y) => y.name).join('、')];
    }),
  );
  addSheet(
    wb,
    '随车照管人员',
    `${school.name} 随车照管人员`,
    ['姓名', '身份证号', '联系电话', '最近培训日期', '线路'],
    attendants.map((r) => {
      const x = toAttendantSummary(r);
      return [x.name, x.idNumberMasked, x.phone, x.trainedOn, x.routes.map((y) => y.name).join('、')];
    }),
  );
  addSheet(
    wb,
    '线路',
    `${school.name} 校车线路`,
    ['线路', '站点（到站时间）', '车辆', '驾驶人', '随车照管人员', '状态'],
    routes.map((r) => {
      const x = toRouteSummary(r, today);
      return [x.name, x.stops.map((s) => `${s.name}(${s.time})`).join(' → '), x.vehicle?.plate ?? '', x.driver?.name ?? '', x.attendant?.name ?? '', BUS_ROUTE_STATUS_LABELS[x.status]];
    }),
  );
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { fileName: `${school.name}-校车台账-${today}.xlsx`, buffer };
}

type Parsed = { row: number; input: VehicleInput & { note?: string }; errors: string[] };

function readVehicleRows(ws: ExcelJS.Worksheet): Parsed[] {
  const match = headerMatcher(VEHICLE_SHEET);
  const { header, seen } = findHeader(ws, { match, score: (cols) => (cols.some((c) => c.field === 'plate') ? cols.filter((c) => c.field).length : null) });
  if (!header) throw invalid(`未找到表头：应有“车牌号”等列（读到：${seen.slice(0, 8).join('、') || '空'}）`);
  const colOf = new Map<VehicleField, number>();
  for (const c of header.cols) if (c.field && !colOf.has(c.field)) colOf.set(c.field, c.col);
  const missing = ORDER.filter((f) => VEHICLE_SHEET[f].required && !colOf.has(f));
  if (missing.length) throw invalid(`缺少必需的列：${missing.map((f) => VEHICLE_SHEET[f].label).join('、')}`);
  const out: Parsed[] = [];
  for (let r = header.dataStart; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const errors: string[] = [];
    const text = (f: VehicleField) => {
      const col = colOf.get(f);
      if (!col) return '';
      const t = cellText(row.getCell(col).value);
      if (t.error) errors.push(`${VEHICLE_SHEET[f].label}: ${t.error}`);
      return t.text;
    };
    const date = (f: VehicleField) => {
      const col = colOf.get(f);
      if (!col) return null;
      const raw = text(f);
      if (!raw) return null;
      const d = sheetDate(row.getCell(col).value);
      if (!d) errors.push(`${VEHICLE_SHEET[f].label}: “${raw.slice(0, 20)}”不是有效日期`);
      return d;
    };
    const plate = text('plate');
    if (!ORDER.some((f) => text(f))) continue;
    const seatsText = text('seats');
    const seats = seatsText === '' ? null : Number(seatsText);
    out.push({
      row: r,
      errors,
      input: {
        plate,
        seats: seats !== null && Number.isFinite(seats) ? seats : seatsText === '' ? null : -1,
        model: text('model'),
        operator: text('operator'),
        licenceNo: text('licenceNo'),
        licenceIssuedOn: date('licenceIssuedOn'),
        licenceExpiresOn: date('licenceExpiresOn'),
        inspectedOn: date('inspectedOn'),
        inspectionDueOn: date('inspectionDueOn'),
        insuranceStartsOn: date('insuranceStartsOn'),
        insuranceExpiresOn: date('insuranceExpiresOn'),
        gpsDeviceId: text('gpsDeviceId'),
        note: text('note'),
      },
    });
  }
  return out;
}

const LABEL_OF: Record<string, string> = Object.fromEntries(ORDER.map((f) => [f, VEHICLE_SHEET[f].label]));

/**
 * Imports the school's vehicles from the 校车 sheet (or the first sheet): each row by its plate,
 * a new vehicle or an update of the school's own; a plate of another school, twice in the file,
 * or any bad field is an error of its row. dryRun (the default) only reports; a real run writes
 * nothing unless every row is clean, then writes all in one command.
 */
export async function importVehicles(db: Db, ctx: RequestContext, buf: Buffer, opts: { dryRun: boolean }, now = new Date()): Promise<VehicleImportResult> {
  const schoolId = await findSchoolOfUnit(db, ctx.actor.unitId);
  const school = schoolId ? await findSchoolInScope(db, ctx.scope, schoolId, { active: true }) : undefined;
  if (!school) throw invalid('只有学校账号可以导入本校校车台账');
  const wb = await loadWorkbook(buf);
  const ws = wb.getWorksheet('校车') ?? wb.worksheets[0];
  if (!ws) throw invalid('工作簿中没有工作表');
  const parsed = readVehicleRows(ws);
  if (parsed.length === 0) throw invalid('表中没有校车数据行');
  if (parsed.length > 500) throw invalid('一次最多导入 500 辆校车');
  const seen = new Map<string, number>();
  const rows: (VehicleImportResult['rows'][number] & { id?: string; version?: number; input: Parsed['input'] })[] = [];
  for (const p of parsed) {
    const errors = [...p.errors, ...vehicleInputIssues(p.input).map((i) => `${LABEL_OF[i.field] ?? i.field}: ${i.message}`)];
    const plate = normalizePlate(p.input.plate ?? '') ?? (p.input.plate ?? '');
    let action: 'create' | 'update' = 'create';
    let id: string | undefined;
    let version: number | undefined;
    if (normalizePlate(plate)) {
      if (seen.has(plate)) errors.push(`车牌号: ${plate} 与第 ${seen.get(plate)} 行重复`);
      seen.set(plate, p.row);
      const holder = await findVehicleIdByPlate(db, plate);
      if (holder && holder.school_id !== school.id) errors.push(`车牌号: ${plate} 已在其他学校登记`);
      else if (holder) {
        const v = await findVehicleInScope(db, ctx.scope, holder.id);
        action = 'update';
        id = holder.id;
        version = v?.version;
      }
    }
    rows.push({ row: p.row, plate, action, errors, id, version, input: p.input });
  }
  const errorRows = rows.filter((r) => r.errors.length > 0).length;
  const result: VehicleImportResult = {
    dryRun: opts.dryRun || errorRows > 0,
    rows: rows.map((r) => ({ row: r.row, plate: r.plate, action: r.action, errors: r.errors })),
    created: rows.filter((r) => r.action === 'create').length,
    updated: rows.filter((r) => r.action === 'update').length,
    errors: errorRows,
  };
  if (result.dryRun) return result;
  await runCommand(db, ctx, {}, async (trx, emit) => {
    let hazards = 0;
    for (const r of rows) {
      const i = r.input;
      const values = {
        plate: r.plate,
        seats: i.seats!,
        model: (i.model ?? '').trim(),
        operator: (i.operator ?? '').trim(),
        licence_no: (i.licenceNo ?? '').trim(),
        licence_issued_on: i.licenceIssuedOn!,
        licence_expires_on: i.licenceExpiresOn!,
        inspected_on: i.inspectedOn ?? null,
        inspection_due_on: i.inspectionDueOn!,
        insurance_starts_on: i.insuranceStartsOn ?? null,
        insurance_expires_on: i.insuranceExpiresOn!,
        gps_device_id: (i.gpsDeviceId ?? '').trim(),
        note: (i.note ?? '').trim(),
      };
      let id = r.id;
      if (id && r.version) {
        if (!(await updateVehicleRow(trx, id, r.version, values))) throw invalid(`第 ${r.row} 行：车辆 ${r.plate} 刚被他人修改，请重新导入`);
      } else id = await insertVehicle(trx, { ...values, school_id: school.id, unit_path: school.path, created_by: ctx.actor.userId });
      hazards += await openExpiredVehicleHazards(trx, (await findVehicleInScope(trx, ctx.scope, id))!, now, ctx);
    }
    await emit({ action: 'vehicle.import', objectType: 'vehicle', objectId: null, details: { schoolId: school.id, created: result.created, updated: result.updated, hazards } });
  });
  return result;
}
