import crypto from 'node:crypto';
import { scopeContains, type SchoolKind } from '@xiaoan/domain';
import type { ImportRowError, SchoolImportPreview, SchoolImportResult } from '@xiaoan/contracts';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { AppError } from '../../http/errors.js';
import { uniqueViolation } from '../../db/pg-errors.js';
import { runCommand } from '../../kernel/command.js';
import { districtRootId } from '../units/index.js';
import {
  addAssignments,
  insertAreas,
  insertSchools,
  loadDistrict,
  lockDistrictImport,
  updateSchool,
  type DistrictSnapshot,
  type NewSchool,
  type SchoolChanges,
} from './import.repository.js';
import { FIELD_LABELS, readSchoolSheet, type SchoolSheet, type SchoolSheetRow } from './school-sheet.js';

/** An uploaded file as the routes hand it over. */
export type UploadedFile = { filename: string; buffer: Buffer };

type PlannedRow = {
  sheet: SchoolSheetRow;
  action: 'create' | 'update';
  /** The school's kind after the import. */
  schoolKind: SchoolKind | null;
  /** Existing school (update) or null (create). */
  schoolId: string | null;
  /** Area to put the school under (create) or move it to (update); null: the bureau (create) or stay (update). */
  areaName: string | null;
  eduGroupId: string | null;
  /** Teams to add (the school is not yet assigned to them). */
  addTeamIds: string[];
  /** Columns to write: every given field for a new school, the fields that differ for an existing one. */
  set: Omit<SchoolChanges, 'parent_id'>;
  changes: string[];
};

type Plan = {
  rootId: string;
  areas: DistrictSnapshot['areas'];
  rows: PlannedRow[];
  /** Rows without errors: what a commit writes. */
  valid: PlannedRow[];
  newAreas: string[];
  errors: ImportRowError[];
  warnings: string[];
};

/** Lists up to `max` items, then "等 N 项". */
function some(items: string[], max = 10): string {
  return items.length <= max ? items.join('、') : `${items.slice(0, max).join('、')} 等 ${items.length} 项`;
}

/** Two spellings of one name that differ only in bracket width or spaces. */
const looseName = (s: string) => s.normalize('NFKC').replace(/\s/g, '');

/**
 * Checks a parsed sheet against the district: which schools exist (update) or
 * not (create), which areas are new, whether every team and education group
 * named exists. Reads only; runs inside the commit's transaction too.
 */
async function planImport(db: DbOrTrx, ctx: RequestContext, sheet: SchoolSheet): Promise<Plan> {
  const rootId = districtRootId(ctx.actor.unitPath);
  if (!scopeContains(ctx.scope, rootId)) throw new AppError('FORBIDDEN', '只有教育局的账号可以导入学校名单');
  const d: DistrictSnapshot = await loadDistrict(db, rootId);
  const teamNameById = new Map([...d.teams].map(([name, t]) => [t.id, { name, status: t.status }]));
  const errors: ImportRowError[] = [...sheet.errors];
  const warnings = [...sheet.warnings];
  const h = sheet.headers;
  const col = (f: keyof typeof FIELD_LABELS) => h[f] ?? FIELD_LABELS[f];

  const looseExisting = new Map([...d.schools.keys()].map((n) => [looseName(n), n]));
  const nearNames: string[] = [];
  const disabled: string[] = [];
  const noArea: number[] = [];
  const multiTeam: string[] = [];

  const rows: PlannedRow[] = sheet.rows.map((r) => {
    const fail = (f: keyof typeof FIELD_LABELS, message: string) => errors.push({ row: r.row, column: col(f), message });
    const existing = d.schools.get(r.name);
    if (existing && !scopeContains(ctx.scope, existing.path)) fail('name', `学校“${r.name}”不在您的管理范围内`);

    if (r.areaName) {
      const area = d.areas.get(r.areaName);
      if (area && !scopeContains(ctx.scope, area.path)) fail('areaName', `片区“${r.areaName}”不在您的管理范围内`);
    }

    const addTeamIds: string[] = [];
    for (const t of r.teamNames) {
      const team = d.teams.get(t);
      if (!team) fail('teamNames', `督查小组“${t}”不存在，请先在“督查小组”中新建，或检查名称是否写错`);
      else if (team.status !== 'active') fail('teamNames', `督查小组“${t}”已停用，不能再分配学校`);
      else if (!existing?.teamIds.includes(team.id)) addTeamIds.push(team.id);
    }

    let eduGroupId: string | null = null;
    if (r.eduGroupName) {
      const g = d.eduGroups.get(r.eduGroupName);
      if (!g) fail('eduGroupName', `教育集团“${r.eduGroupName}”不存在，请先在“教育集团”中新建，或检查名称是否写错`);
      else eduGroupId = g.id;
    }

    const given = {
      edu_group_id: eduGroupId,
      address: r.address,
      principal: r.principal,
      safety_officer: r.safetyOfficer,
      phone: r.phone,
      enrolment: r.enrolment,
    };

    if (!existing) {
      const schoolKind = r.schoolKind ?? (r.schoolKindGiven ? null : r.inferredKind);
      if (!schoolKind && !r.schoolKindGiven) {
        fail(h.schoolKind ? 'schoolKind' : 'name', h.schoolKind ? '无法从校名判断学校类别，请填写类别' : '无法从校名判断学校类别，请在表格中增加“类别”列并填写');
      }
      if (!r.areaName && h.areaName) noArea.push(r.row);
      const near = looseExisting.get(looseName(r.name));
      if (near) nearNames.push(`“${r.name}”与已有的“${near}”`);
      return {
        sheet: r,
        action: 'create' as const,
        schoolKind,
        schoolId: null,
        areaName: r.areaName,
        eduGroupId,
        addTeamIds,
        set: { school_kind: schoolKind, ...given },
        changes: [],
      };
    }

    // An existing school: fill in what the sheet gives, move it if its area differs, add teams.
    if (existing.status === 'disabled') disabled.push(r.name);
    const set: PlannedRow['set'] = {};
    const changes: string[] = [];
    const area = r.areaName ? d.areas.get(r.areaName) : undefined;
    const moves = r.areaName !== null && (!area || area.id !== existing.parentId);
    if (moves) changes.push(FIELD_LABELS.areaName);
    if (r.schoolKind && r.schoolKind !== existing.schoolKind) {
      set.school_kind = r.schoolKind;
      changes.push(FIELD_LABELS.schoolKind);
    }
    const compare: [keyof typeof given, keyof typeof existing, string][] = [
      ['edu_group_id', 'eduGroupId', FIELD_LABELS.eduGroupName],
      ['address', 'address', FIELD_LABELS.address],
      ['principal', 'principal', FIELD_LABELS.principal],
      ['safety_officer', 'safetyOfficer', FIELD_LABELS.safetyOfficer],
      ['phone', 'phone', FIELD_LABELS.phone],
      ['enrolment', 'enrolment', FIELD_LABELS.enrolment],
    ];
    for (const [column, key, label] of compare) {
      const v = given[column];
      if (v !== null && v !== existing[key]) {
        (set as Record<string, unknown>)[column] = v;
        changes.push(label);
      }
    }
    if (addTeamIds.length) changes.push(`新增督查小组：${addTeamIds.map((id) => teamNameById.get(id)!.name).join('、')}`);
    const activeTeams = [...existing.teamIds.filter((id) => teamNameById.get(id)?.status === 'active'), ...addTeamIds];
    if (addTeamIds.length && activeTeams.length > 1) {
      multiTeam.push(`${r.name}（${activeTeams.map((id) => teamNameById.get(id)!.name).join('、')}）`);
    }
    return {
      sheet: r,
      action: 'update' as const,
      schoolKind: r.schoolKind ?? existing.schoolKind,
      schoolId: existing.id,
      areaName: moves ? r.areaName : null,
      eduGroupId,
      addTeamIds,
      set,
      changes,
    };
  });
  for (const r of rows) {
    if (r.action === 'create' && r.addTeamIds.length > 1) {
      multiTeam.push(`${r.sheet.name}（${r.addTeamIds.map((id) => teamNameById.get(id)!.name).join('、')}）`);
    }
  }

  errors.sort((a, b) => a.row - b.row);
  const bad = new Set(errors.map((e) => e.row));
  const valid = rows.filter((r) => !bad.has(r.sheet.row));
  const newAreas = [...new Set(valid.map((r) => r.areaName).filter((a): a is string => a !== null && !d.areas.has(a)))];

  if (noArea.length) warnings.push(`第 ${some(noArea.map(String))} 行的新学校没有填写片区，将直接归属教育局`);
  if (nearNames.length) warnings.push(`${some(nearNames, 5)}写法相近（括号或空格不同），将作为新学校创建；如是同一所学校，请改用已有的名称`);
  if (disabled.length) warnings.push(`以下学校已停用，导入只更新信息，不会重新启用：${some(disabled)}`);
  if (multiTeam.length) warnings.push(`以下学校将同时分配给多个督查小组：${some(multiTeam, 5)}`);
  return { rootId, areas: d.areas, rows, valid, newAreas, errors, warnings };
}

function toPreview(sheet: SchoolSheet, plan: Plan): SchoolImportPreview {
  return {
    sheetName: sheet.sheetName,
    headerRow: sheet.headerRow,
    columns: sheet.columns,
    rows: plan.rows.map((r) => ({
      row: r.sheet.row,
      name: r.sheet.name,
      schoolKind: r.schoolKind,
      areaName: r.sheet.areaName,
      teamNames: r.sheet.teamNames,
      action: r.action,
      changes: r.changes,
    })),
    errors: plan.errors,
    warnings: plan.warnings,
    summary: {
      create: plan.valid.filter((r) => r.action === 'create').length,
      update: plan.valid.filter((r) => r.action === 'update').length,
      newAreas: plan.newAreas,
      assignments: plan.valid.reduce((n, r) => n + r.addTeamIds.length, 0),
    },
  };
}

/** Reads the sheet and says what a commit would do; writes nothing. */
export async function previewSchoolImport(db: Db, ctx: RequestContext, file: UploadedFile): Promise<SchoolImportPreview> {
  const sheet = await readSchoolSheet(file.buffer);
  return toPreview(sheet, await planImport(db, ctx, sheet));
}

/**
 * Reads and checks the sheet again (nothing is kept between preview and commit)
 * and, only when no row has an error, writes everything in one transaction.
 */
export async function commitSchoolImport(db: Db, ctx: RequestContext, file: UploadedFile): Promise<SchoolImportResult> {
  const sheet = await readSchoolSheet(file.buffer);
  try {
    return await runCommand(db, ctx, {}, async (trx, emit) => {
      await lockDistrictImport(trx, districtRootId(ctx.actor.unitPath));
      const plan = await planImport(trx, ctx, sheet);
      if (plan.errors.length > 0) {
        throw new AppError('IMPORT_INVALID', `导入文件中有 ${plan.errors.length} 处错误，未导入任何数据；请修改后重新上传`, { errors: plan.errors });
      }
      const { rootId, valid: rows } = plan;

      const areaIds = await insertAreas(trx, rootId, plan.newAreas);
      const areaId = (name: string) => areaIds.get(name) ?? plan.areas.get(name)!.id;

      const creates = rows.filter((r) => r.action === 'create');
      const newIds = await insertSchools(
        trx,
        creates.map(
          (r): NewSchool => ({
            parentId: r.areaName ? areaId(r.areaName) : rootId,
            name: r.sheet.name,
            schoolKind: r.schoolKind!,
            eduGroupId: r.eduGroupId,
            address: r.sheet.address,
            principal: r.sheet.principal,
            safetyOfficer: r.sheet.safetyOfficer,
            phone: r.sheet.phone,
            enrolment: r.sheet.enrolment,
          }),
        ),
      );

      const updates = rows.filter((r) => r.action === 'update');
      for (const r of updates) {
        const changes: SchoolChanges = { ...r.set, ...(r.areaName ? { parent_id: areaId(r.areaName) } : {}) };
        if (Object.keys(changes).length > 0) await updateSchool(trx, r.schoolId!, changes);
      }

      const assignments = await addAssignments(
        trx,
        rows.flatMap((r) => r.addTeamIds.map((teamId) => ({ teamId, schoolId: r.schoolId ?? newIds.get(r.sheet.name)! }))),
      );

      const result: SchoolImportResult = {
        created: creates.length,
        updated: updates.length,
        areasCreated: areaIds.size,
        assignments,
      };
      await emit({
        action: 'unit.import',
        objectType: 'unit',
        objectId: rootId,
        details: {
          ...result,
          fileName: file.filename,
          sha256: crypto.createHash('sha256').update(file.buffer).digest('hex'),
          sheetName: sheet.sheetName,
          rows: rows.length,
          newAreas: plan.newAreas,
        },
      });
      return result;
    });
  } catch (e) {
    if (uniqueViolation(e)) {
      throw new AppError('CONFLICT', '导入时与他人刚保存的学校或片区同名，未导入任何数据；请重新预览后再提交');
    }
    throw e;
  }
}
