import crypto from 'node:crypto';
import path from 'node:path';
import {
  applyAction,
  ledgerLayoutKey,
  playLedgerStory,
  type HazardActor,
  type HazardFailure,
  type HazardFile,
  type HazardSuccess,
  type LedgerColumnField,
} from '@xiaoan/domain';
import type { HazardImportPreview, HazardImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx, Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { runCommand } from '../../kernel/command.js';
import { insertFileObject, type FileStorage } from '../files/index.js';
import { projectHazard } from './hazard.repository.js';
import {
  findBureauOf,
  findImportLayout,
  findReportableUnits,
  insertImportedHazards,
  saveImportLayout,
  type NewImportedEvent,
  type NewImportedHazard,
  type ReportableUnit,
} from './ledger.repository.js';
import { XLSX_MIME } from './ledger-export.js';
import { LEDGER_FIELD_LABELS, headerKey, readLedgerSheet, type ColumnMapping, type LedgerSheet, type LedgerSheetRow, type SheetRowError } from './ledger-sheet.js';
import { unitMatcher } from './ledger-units.js';

/** An uploaded ledger as the routes hand it over. */
export type LedgerUpload = { filename: string; buffer: Buffer; mapping: ColumnMapping };

type Unit = ReportableUnit;
type LedgerStepLike = HazardSuccess & { performedBy?: string | null };

type PlannedRow = {
  sheet: LedgerSheetRow;
  unit: Unit | null;
  /** report, then register when the five commitments are given, or a closed row's whole history; empty when the row has errors. */
  steps: LedgerStepLike[];
  /** Commitments a closed row's ledger did not record (written as 原台账未填写). */
  filled: readonly string[];
};

type Plan = { rows: PlannedRow[]; errors: SheetRowError[]; valid: PlannedRow[] };

/** School roles import their own school's ledger: a row without a school is theirs. */
const SCHOOL_SIDE = new Set(['school_admin', 'school_staff']);

/** The domain's input field → the ledger field whose column it came from. */
const COLUMN_OF_INPUT: Record<string, LedgerColumnField> = {
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
  rectifiedAt: 'rectifiedAt',
  verifiedAt: 'verifiedAt',
  note: 'progress',
  comment: 'verificationResult',
};

/** Stands for the stored ledger while planning; the commit plans again with the real file. */
const PLANNING_EVIDENCE: HazardFile = { fileId: '0', kind: 'document' };

/** The school a school-side importer belongs to: rows without a school are its hazards. */
async function ownSchool(db: DbOrTrx, ctx: RequestContext): Promise<Unit | undefined> {
  if (!SCHOOL_SIDE.has(ctx.actor.role)) return undefined;
  const [own] = await findReportableUnits(db, ctx.scope, ctx.actor.unitId);
  return own;
}

function actorOf(ctx: RequestContext): HazardActor {
  // Every unit a row may name was looked up inside the scope, so the importer covers it.
  return { userId: ctx.actor.userId, role: ctx.actor.role, actorCoversUnit: true };
}

/** The SHA-256 of the layout's normalised header row. */
export function layoutFingerprint(headers: readonly string[]): string {
  return crypto.createHash('sha256').update(ledgerLayoutKey(headers)).digest('hex');
}

/**
 * Checks a parsed sheet against the database and the domain: each row's school
 * must be a school or campus inside the caller's scope, and the domain must
 * accept the report (and the registration when the five commitments are given, or
 * the whole history of a closed row) by this importer. Reads only; runs inside the
 * commit's transaction too. Closed rows' evidence is a stand-in for the stored ledger here.
 */
async function planImport(db: DbOrTrx, ctx: RequestContext, sheet: LedgerSheet, now: Date): Promise<Plan> {
  const errors: SheetRowError[] = [...sheet.errors];
  const column = (f: LedgerColumnField) => sheet.headers[f] ?? (f === 'funds' ? sheet.headers.fundsTenThousandYuan : undefined) ?? LEDGER_FIELD_LABELS[f];
  const find = unitMatcher(await findReportableUnits(db, ctx.scope));
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
              ? `“${r.school}”对应多个学校或校区（${found.map((u) => u.name).join('、')}），请写全称`
              : `学校“${r.school}”不存在或不在您的管理范围内（只能导入本单位管理范围内已有学校、校区的隐患，不会新建学校）`,
        });
      }
    } else if (own) {
      unit = own;
    } else if (!r.hasErrors) {
      failed = true;
      errors.push({ row: r.row, column: column('school'), message: '学校为空' });
    }
    const none = { sheet: r, unit, steps: [], filled: [] };
    if (failed || !unit) return none;

    const report = {
      unitId: unit.id,
      domain: r.domain!,
      grade: r.grade!,
      source: r.source!,
      title: r.title,
      description: r.description,
      location: r.location,
      foundAt: r.foundAt!,
      foundBy: r.foundBy ?? ctx.actor.displayName,
    };
    if (r.outcome !== 'open') {
      const story = playLedgerStory({ report, commitments: r.given, closure: r.closure, evidence: PLANNING_EVIDENCE, outcome: r.outcome }, actor, now);
      if (!story.ok) {
        refused(r.row, story.failure);
        return none;
      }
      return { sheet: r, unit, steps: [...story.steps], filled: story.filled };
    }

    const reported = applyAction(null, 'report', { ...report, photos: [] }, actor, now);
    if (!reported.ok) {
      refused(r.row, reported);
      return none;
    }
    if (!r.commitments) return { sheet: r, unit, steps: [reported], filled: [] };
    const registered = applyAction(reported.next, 'register', { ...r.commitments, interimControls: r.interimControls, watcher: r.watcher }, actor, now);
    if (!registered.ok) {
      const hint = registered.code === 'ROLE_NOT_ALLOWED' ? '（填写了整改五落实的行将直接登记，登记须由学校管理员进行；可由学校管理员导入，或清空五落实各列仅作上报；已整改销号的行请填写整改状态或验收信息）' : '';
      refused(r.row, registered, hint);
      return none;
    }
    return { sheet: r, unit, steps: [reported, registered], filled: [] };
  });

  errors.sort((a, b) => a.row - b.row);
  const bad = new Set(errors.map((e) => e.row));
  return { rows, errors, valid: rows.filter((r) => !bad.has(r.sheet.row) && r.steps.length > 0) };
}

async function readSheet(db: DbOrTrx, ctx: RequestContext, file: LedgerUpload): Promise<{ sheet: LedgerSheet; remembered: boolean; bureauId: string }> {
  const schoolOptional = (await ownSchool(db, ctx)) !== undefined;
  const bureauId = await findBureauOf(db, ctx.actor.unitId);
  let remembered = false;
  const sheet = await readLedgerSheet(file.buffer, {
    mapping: file.mapping,
    schoolOptional,
    remembered: async (headers) => {
      const m = await findImportLayout(db, bureauId, 'hazard_ledger', layoutFingerprint(headers));
      remembered = m !== undefined;
      return new Map(Object.entries(m ?? {}) as [string, LedgerColumnField | null][]);
    },
  });
  return { sheet, remembered, bureauId };
}

type FinalState = 'reported' | 'registered' | 'pending_verification' | 'closed';
const finalState = (p: PlannedRow): FinalState => p.steps[p.steps.length - 1]!.next.state as FinalState;
const countOf = (plan: Plan, s: FinalState) => plan.valid.filter((p) => finalState(p) === s).length;
/** The counts of rows imported with their history: present only when there are some (the answer stays as before otherwise). */
function historyCounts(plan: Plan): { closed?: number; pendingVerification?: number } {
  const closed = countOf(plan, 'closed');
  const pendingVerification = countOf(plan, 'pending_verification');
  return { ...(closed > 0 ? { closed } : {}), ...(pendingVerification > 0 ? { pendingVerification } : {}) };
}

function toPreview(sheet: LedgerSheet, plan: Plan, remembered: boolean): HazardImportPreview {
  const bad = new Set(plan.errors.map((e) => e.row));
  const valid = new Set(plan.valid);
  const fingerprint = layoutFingerprint(sheet.layoutHeaders);
  return {
    sheetName: sheet.sheetName,
    headerRow: sheet.headerRow,
    columns: sheet.columns,
    columnMatches: sheet.ledgerColumns.map((c) => ({ header: c.header, field: c.field, basis: c.basis, confidence: c.confidence, reason: c.reason })),
    layout: { fingerprint, remembered },
    fields: (Object.keys(LEDGER_FIELD_LABELS) as LedgerColumnField[]).map((f) => ({ field: f, label: LEDGER_FIELD_LABELS[f] })),
    rows: plan.rows.map((p) => {
      const r = p.sheet;
      const ok = valid.has(p);
      const last = p.steps[p.steps.length - 1]?.next;
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
        state: ok ? finalState(p) : null,
        closedAt: ok && last?.closedAt ? r.closure.verifiedAt ?? last.closedAt.slice(0, 10) : null,
        verifier: r.closure.verifier,
        notRecorded: [...p.filled],
      };
    }),
    errors: plan.errors,
    warnings: sheet.warnings,
    summary: {
      rows: plan.rows.length,
      errors: plan.errors.length,
      errorRows: bad.size,
      reported: countOf(plan, 'reported'),
      registered: countOf(plan, 'registered'),
      ...historyCounts(plan),
    },
  };
}

/** Reads the ledger and says what a commit would create; writes nothing. */
export async function previewLedgerImport(db: Db, ctx: RequestContext, file: LedgerUpload, now = new Date()): Promise<HazardImportPreview> {
  const { sheet, remembered } = await readSheet(db, ctx, file);
  return toPreview(sheet, await planImport(db, ctx, sheet, now), remembered);
}

/** The uploaded file's name as shown in history: no directories, not overly long. */
function displayName(filename: string): string {
  const base = path.basename(filename.replace(/\\/g, '/')).trim() || '台账.xlsx';
  return [...base].length > 100 ? `${[...base].slice(0, 100).join('')}…` : base;
}

/** The ledger as the evidence of its closed rows: one stored file per unit that has some (so each school sees its own). */
async function storeLedgerEvidence(trx: Trx, ctx: RequestContext, storage: FileStorage, file: LedgerUpload, name: string, units: Unit[]): Promise<Map<string, HazardFile>> {
  const out = new Map<string, HazardFile>();
  if (units.length === 0) return out;
  const { sha256, sizeBytes } = await storage.put(file.buffer);
  for (const u of units) {
    const f = await insertFileObject(trx, {
      sha256,
      kind: 'document',
      mime: XLSX_MIME,
      sizeBytes,
      originalName: name,
      width: null,
      height: null,
      thumbSha256: null,
      unitId: u.id,
      unitPath: u.path,
      uploadedBy: ctx.actor.userId,
    });
    out.set(u.id, { fileId: f.id, kind: 'document' });
  }
  return out;
}

/**
 * Reads and checks the ledger again (nothing is kept between preview and commit)
 * and, only when no row has an error, creates every hazard with its history in
 * one transaction (a few multi-row inserts); any error is a 422 IMPORT_INVALID and
 * nothing is written. A mapping the user sent is remembered for the layout.
 */
export async function commitLedgerImport(db: Db, ctx: RequestContext, storage: FileStorage, file: LedgerUpload, now = new Date()): Promise<HazardImportResult> {
  const { sheet, bureauId } = await readSheet(db, ctx, file);
  const name = displayName(file.filename);
  return runCommand(db, ctx, {}, async (trx, emit) => {
    const plan = await planImport(trx, ctx, sheet, now);
    if (plan.errors.length > 0) {
      throw new AppError('IMPORT_INVALID', `导入文件中有 ${plan.errors.length} 处错误，未导入任何隐患；请修改后重新上传`, { errors: plan.errors });
    }
    const historyUnits = new Map(plan.valid.filter((p) => p.sheet.outcome !== 'open').map((p) => [p.unit!.id, p.unit!]));
    // The history was played with a stand-in for the stored ledger; the stored file takes its place (only a reference changes).
    const files = await storeLedgerEvidence(trx, ctx, storage, file, name, [...historyUnits.values()]);
    const withEvidence = (p: PlannedRow) => {
      const doc = p.steps[p.steps.length - 1]!.next;
      const real = files.get(p.unit!.id);
      return real ? { ...doc, evidence: doc.evidence.map((f) => (f.fileId === PLANNING_EVIDENCE.fileId ? real : f)) } : doc;
    };

    const hazards: NewImportedHazard[] = [];
    const events: NewImportedEvent[] = [];
    const at = now.toISOString();
    for (const p of plan.valid) {
      const final = withEvidence(p);
      const index = hazards.length;
      hazards.push({ doc: final, projection: projectHazard(final, { path: p.unit!.path, schoolId: p.unit!.schoolId }), createdAt: at, updatedAt: at, version: 1 });
      const history = p.sheet.outcome !== 'open';
      const source = `从 Excel 导入：${name} 第 ${p.sheet.row} 行`;
      for (const s of p.steps) {
        events.push({
          hazardIndex: index,
          // The importer entered every step; a closed row's steps were taken by the people the ledger names.
          actorUserId: ctx.actor.userId,
          actorRole: ctx.actor.role,
          action: s.event.action,
          from: s.event.from,
          to: s.event.to,
          comment: history ? `${source}（据原台账${s.performedBy ? `，${s.performedBy}` : ''}）${s.event.comment ? `：${s.event.comment}` : ''}` : source,
          changedFields: s.event.changedFields,
          fileIds: s.event.action === 'request_verification' ? final.evidence.map((f) => f.fileId) : [],
          at: s.event.at,
          details: history ? { import: { fileName: name, row: p.sheet.row }, transcribed: true, performedBy: s.performedBy ?? null, notRecorded: p.filled } : null,
        });
      }
    }
    await insertImportedHazards(trx, hazards, events);

    const effectiveMapping = Object.fromEntries(sheet.ledgerColumns.map((c) => [headerKey(c.header), c.field]));
    const fingerprint = layoutFingerprint(sheet.layoutHeaders);
    if (file.mapping.size > 0) {
      await saveImportLayout(trx, { bureauId, kind: 'hazard_ledger', fingerprint, headers: sheet.layoutHeaders, mapping: effectiveMapping, userId: ctx.actor.userId });
    }
    const result: HazardImportResult = {
      created: plan.valid.length,
      reported: countOf(plan, 'reported'),
      registered: countOf(plan, 'registered'),
      ...historyCounts(plan),
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
        layoutFingerprint: fingerprint,
        layoutRemembered: file.mapping.size > 0,
      },
    });
    return result;
  });
}
