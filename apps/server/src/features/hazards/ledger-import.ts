import crypto from 'node:crypto';
import path from 'node:path';
import { applyAction, type HazardActor, type HazardFailure, type HazardSuccess, type LedgerField } from '@xiaoan/domain';
import type { HazardImportPreview, HazardImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { insertHazard, insertHazardEvent, projectHazard } from './hazard.repository.js';
import { findReportableUnits, type ReportableUnit } from './ledger.repository.js';
import { LEDGER_FIELD_LABELS, readLedgerSheet, type ColumnMapping, type LedgerSheet, type LedgerSheetRow, type SheetRowError } from './ledger-sheet.js';

/** An uploaded ledger as the routes hand it over. */
export type LedgerUpload = { filename: string; buffer: Buffer; mapping: ColumnMapping };

type Unit = ReportableUnit;

type PlannedRow = {
  sheet: LedgerSheetRow;
  unit: Unit | null;
  /** report, then register when the five commitments are given; empty when the row has errors. */
  steps: HazardSuccess[];
};

type Plan = { rows: PlannedRow[]; errors: SheetRowError[]; valid: PlannedRow[] };

/** School roles import their own school's ledger: a row without a school is theirs. */
const SCHOOL_SIDE = new Set(['school_admin', 'school_staff']);

/** The domain's input field → the ledger field whose column it came from. */
const COLUMN_OF_INPUT: Record<string, LedgerField> = {
  unitId: 'school',
  domain: 'domain',
  grade: 'grade',
  source: 'source',
  title: 'title',
  description: 'description',
  location: 'location',
  foundAt: 'foundAt',
  foundBy: 'foundBy',
  owner: 'owner',
  measures: 'measures',
  fundsFen: 'funds',
  dueDate: 'dueDate',
  contingencyPlan: 'contingencyPlan',
  interimControls: 'interimControls',
  watcher: 'watcher',
};

/** Two spellings of one name that differ only in bracket width or spaces. */
const looseName = (s: string) => s.normalize('NFKC').replace(/\s/g, '');

/** The school a school-side importer belongs to: rows without a school are its hazards. */
async function ownSchool(db: DbOrTrx, ctx: RequestContext): Promise<Unit | undefined> {
  if (!SCHOOL_SIDE.has(ctx.actor.role)) return undefined;
  const [own] = await findReportableUnits(db, ctx.scope, ctx.actor.unitId);
  return own;
}

/** Looks names up among the units in scope: exactly, then ignoring bracket width and spaces. */
async function unitFinder(db: DbOrTrx, ctx: RequestContext): Promise<(name: string) => Unit[]> {
  const exact = new Map<string, Unit[]>();
  const loose = new Map<string, Unit[]>();
  for (const u of await findReportableUnits(db, ctx.scope)) {
    exact.set(u.name, [...(exact.get(u.name) ?? []), u]);
    loose.set(looseName(u.name), [...(loose.get(looseName(u.name)) ?? []), u]);
  }
  return (name) => exact.get(name) ?? loose.get(looseName(name)) ?? [];
}

function actorOf(ctx: RequestContext): HazardActor {
  // Every unit a row may name was looked up inside the scope, so the importer covers it.
  return { userId: ctx.actor.userId, role: ctx.actor.role, actorCoversUnit: true };
}

/**
 * Checks a parsed sheet against the database and the domain: each row's school
 * must be a school or campus inside the caller's scope, and the domain must
 * accept the report (and the registration when the five commitments are given)
 * by this importer. Reads only; runs inside the commit's transaction too.
 */
async function planImport(db: DbOrTrx, ctx: RequestContext, sheet: LedgerSheet, now: Date): Promise<Plan> {
  const errors: SheetRowError[] = [...sheet.errors];
  const column = (f: LedgerField) => sheet.headers[f] ?? (f === 'funds' ? sheet.headers.fundsTenThousandYuan : undefined) ?? LEDGER_FIELD_LABELS[f];
  const find = await unitFinder(db, ctx);
  const own = await ownSchool(db, ctx);
  const actor = actorOf(ctx);

  const refused = (row: number, f: HazardFailure, hint = '') => {
    if (f.fields.length === 0) errors.push({ row, column: null, message: f.message + hint });
    for (const fe of f.fields) {
      const field = COLUMN_OF_INPUT[fe.field];
      errors.push({ row, column: field ? column(field) : null, message: fe.message + hint });
    }
  };

  const rows = sheet.rows.map((r): PlannedRow => {
    let unit: Unit | null = null;
    let failed = r.hasErrors;
    if (r.school) {
      const found = find(r.school);
      if (found.length === 1) unit = found[0]!;
      else {
        failed = true;
        errors.push({
          row: r.row,
          column: column('school'),
          message:
            found.length > 1
              ? `“${r.school}”对应多个学校或校区，请写全称`
              : `学校“${r.school}”不存在或不在您的管理范围内（只能导入本单位管理范围内已有学校、校区的隐患，不会新建学校）`,
        });
      }
    } else if (own) {
      unit = own;
    } else if (!r.hasErrors) {
      failed = true;
      errors.push({ row: r.row, column: column('school'), message: '学校为空' });
    }
    if (failed || !unit) return { sheet: r, unit, steps: [] };

    const report = applyAction(
      null,
      'report',
      {
        unitId: unit.id,
        domain: r.domain!,
        grade: r.grade!,
        source: r.source!,
        title: r.title,
        description: r.description,
        location: r.location,
        photos: [],
        foundAt: r.foundAt!,
        foundBy: r.foundBy ?? ctx.actor.displayName,
      },
      actor,
      now,
    );
    if (!report.ok) {
      refused(r.row, report);
      return { sheet: r, unit, steps: [] };
    }
    if (!r.commitments) return { sheet: r, unit, steps: [report] };
    const registered = applyAction(
      report.next,
      'register',
      { ...r.commitments, interimControls: r.interimControls, watcher: r.watcher },
      actor,
      now,
    );
    if (!registered.ok) {
      const hint = registered.code === 'ROLE_NOT_ALLOWED' ? '（填写了整改五落实的行将直接登记，登记须由学校管理员进行；可由学校管理员导入，或清空五落实各列仅作上报）' : '';
      refused(r.row, registered, hint);
      return { sheet: r, unit, steps: [] };
    }
    return { sheet: r, unit, steps: [report, registered] };
  });

  errors.sort((a, b) => a.row - b.row);
  const bad = new Set(errors.map((e) => e.row));
  return { rows, errors, valid: rows.filter((r) => !bad.has(r.sheet.row) && r.steps.length > 0) };
}

async function readSheet(db: DbOrTrx, ctx: RequestContext, file: LedgerUpload): Promise<LedgerSheet> {
  const schoolOptional = (await ownSchool(db, ctx)) !== undefined;
  return readLedgerSheet(file.buffer, { mapping: file.mapping, schoolOptional });
}

function toPreview(sheet: LedgerSheet, plan: Plan): HazardImportPreview {
  const bad = new Set(plan.errors.map((e) => e.row));
  const valid = new Set(plan.valid);
  return {
    sheetName: sheet.sheetName,
    headerRow: sheet.headerRow,
    columns: sheet.columns,
    rows: plan.rows.map((p) => {
      const r = p.sheet;
      const last = p.steps[p.steps.length - 1];
      return {
        row: r.row,
        school: p.unit?.name ?? r.school,
        schoolId: p.unit?.id ?? null,
        title: r.title,
        domain: r.domain,
        grade: r.grade,
        source: r.source,
        foundAt: r.foundAt,
        foundBy: r.foundBy,
        owner: r.owner,
        dueDate: r.dueDate,
        fundsFen: r.fundsFen,
        state: valid.has(p) && last ? (last.next.state as 'reported' | 'registered') : null,
      };
    }),
    errors: plan.errors,
    warnings: sheet.warnings,
    summary: {
      rows: plan.rows.length,
      errors: plan.errors.length,
      errorRows: bad.size,
      reported: plan.valid.filter((p) => p.steps.length === 1).length,
      registered: plan.valid.filter((p) => p.steps.length === 2).length,
    },
  };
}

/** Reads the ledger and says what a commit would create; writes nothing. */
export async function previewLedgerImport(db: Db, ctx: RequestContext, file: LedgerUpload, now = new Date()): Promise<HazardImportPreview> {
  const sheet = await readSheet(db, ctx, file);
  return toPreview(sheet, await planImport(db, ctx, sheet, now));
}

/** The uploaded file's name as shown in history: no directories, not overly long. */
function displayName(filename: string): string {
  const base = path.basename(filename.replace(/\\/g, '/')).trim() || '台账.xlsx';
  return [...base].length > 100 ? `${[...base].slice(0, 100).join('')}…` : base;
}

/**
 * Reads and checks the ledger again (nothing is kept between preview and commit)
 * and, only when no row has an error, creates every hazard with its history in
 * one transaction; any error is a 422 IMPORT_INVALID and nothing is written.
 */
export async function commitLedgerImport(db: Db, ctx: RequestContext, file: LedgerUpload, now = new Date()): Promise<HazardImportResult> {
  const sheet = await readSheet(db, ctx, file);
  const name = displayName(file.filename);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const plan = await planImport(trx, ctx, sheet, now);
    if (plan.errors.length > 0) {
      throw new AppError('IMPORT_INVALID', `导入文件中有 ${plan.errors.length} 处错误，未导入任何隐患；请修改后重新上传`, { errors: plan.errors });
    }
    for (const p of plan.valid) {
      const final = p.steps[p.steps.length - 1]!.next;
      const id = await insertHazard(trx, final, projectHazard(final, { path: p.unit!.path, schoolId: p.unit!.schoolId }));
      for (const s of p.steps) {
        await insertHazardEvent(trx, {
          hazardId: id,
          actorUserId: ctx.actor.userId,
          actorRole: ctx.actor.role,
          action: s.event.action,
          from: s.event.from,
          to: s.event.to,
          comment: `从 Excel 导入：${name} 第 ${p.sheet.row} 行`,
          changedFields: s.event.changedFields,
          fileIds: [],
          at: s.event.at,
        });
      }
    }
    const result: HazardImportResult = {
      created: plan.valid.length,
      reported: plan.valid.filter((p) => p.steps.length === 1).length,
      registered: plan.valid.filter((p) => p.steps.length === 2).length,
    };
    await emit({
      action: 'hazard.import',
      objectType: 'unit',
      objectId: ctx.actor.unitId,
      details: {
        ...result,
        fileName: name,
        sha256: crypto.createHash('sha256').update(file.buffer).digest('hex'),
        sizeBytes: file.buffer.length,
        sheetName: sheet.sheetName,
        headerRow: sheet.headerRow,
        rows: sheet.rows.length,
        mapping: Object.fromEntries(file.mapping),
      },
    });
    return result;
  });
}
