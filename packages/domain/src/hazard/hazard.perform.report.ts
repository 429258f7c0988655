/** The creation actions: 上报 (report) and 立行立改 (report_fixed, fixed on the spot with before/after photos). */
import { codeField, dateField, filesField, foundAtField, inputObject, optionalText, refuse, requiredText, type Errors } from './hazard.fields.js';
import { stateRefusal } from './hazard.guard.js';
import { ref, type Performed, type Performer } from './hazard.perform.js';
import type { HazardAction, HazardActor } from './hazard.table.js';
import { isHazardDomain, isHazardGrade, isHazardSource, type Hazard, type HazardFile, type HazardGrade } from './hazard.types.js';

/** 立行立改: general only, a before photo, an after photo; gives the after evidence and the note. */
function fixedOnSpot(e: Errors, i: Record<string, unknown>, grade: HazardGrade | null, photos: HazardFile[]) {
  if (grade === 'major') {
    e.push({ field: 'grade', code: 'ON_THE_SPOT_GENERAL_ONLY', message: '重大隐患不能立行立改，须登记后限期整改' });
  }
  if (!photos.some((f) => f.kind === 'photo')) {
    e.push({ field: 'photos', code: 'PHOTOS_REQUIRED', message: '立行立改须上传整改前照片' });
  }
  const evidence = filesField(e, i.fixPhotos, 'fixPhotos', '整改后照片');
  if (!evidence.some((f) => f.kind === 'photo')) {
    e.push({ field: 'fixPhotos', code: 'PHOTOS_REQUIRED', message: '立行立改须上传整改后照片' });
  }
  return { evidence, fixNote: optionalText(e, i.fixNote, 'fixNote', '整改情况') ?? '立行立改' };
}

/** A new record: nothing registered, rejected, closed or listed yet (fresh arrays each time). */
function notYetRegistered() {
  return {
    owner: null,
    measures: null,
    fundsFen: null,
    dueDate: null,
    contingencyPlan: null,
    registeredAt: null,
    registeredBy: null,
    interimControls: null,
    watcher: null,
    plan: [],
    rejection: null,
  } satisfies Partial<Hazard>;
}

function notYetClosed() {
  return {
    returns: [],
    closedAt: null,
    closedBy: null,
    closeComment: null,
    listings: [],
    escalations: [],
    overdueExplanations: [],
    extensions: [],
  } satisfies Partial<Hazard>;
}

function createHazard(action: 'report' | 'report_fixed', input: unknown, actor: HazardActor, now: Date): Performed {
  const i = inputObject(input);
  const e: Errors = [];
  const at = now.toISOString();
  const unitId = requiredText(e, i.unitId, 'unitId', '所属单位');
  const domain = codeField(e, i.domain, isHazardDomain, 'domain', '隐患类别');
  const grade = codeField(e, i.grade, isHazardGrade, 'grade', '隐患等级');
  const source = codeField(e, i.source, isHazardSource, 'source', '发现方式');
  const title = requiredText(e, i.title, 'title', '隐患名称');
  const description = requiredText(e, i.description, 'description', '隐患描述');
  const location = optionalText(e, i.location, 'location', '位置') ?? '';
  const pointId = optionalText(e, i.pointId, 'pointId', '风险点');
  const photos = filesField(e, i.photos, 'photos', '隐患照片');
  const foundAt = foundAtField(e, i.foundAt, now);
  const foundBy = requiredText(e, i.foundBy, 'foundBy', '发现人');
  const requiredDueDate = i.requiredDueDate === undefined || i.requiredDueDate === null ? null : dateField(e, i.requiredDueDate, 'requiredDueDate', '规定整改期限');
  const fixed = action === 'report_fixed';
  const fix = fixed ? fixedOnSpot(e, i, grade, photos) : { evidence: [], fixNote: null };
  if (e.length > 0 || domain === null || grade === null || source === null || foundAt === null) return refuse(e);
  const by = ref(actor);
  const next: Hazard = {
    state: 'reported', // set from the table by applyAction
    unitId,
    domain,
    location,
    pointId,
    title,
    description,
    photos,
    grade,
    source,
    foundAt,
    foundBy,
    reportedAt: at,
    reportedBy: by,
    fixedOnSpot: fixed,
    ...(requiredDueDate ? { requiredDueDate } : {}),
    ...notYetRegistered(),
    evidence: fix.evidence,
    rectificationNote: fix.fixNote,
    rectifiedBy: fixed ? by : null,
    rectifiedAt: fixed ? at : null,
    ...notYetClosed(),
  };
  return { next, comment: fix.fixNote };
}

function creation(action: 'report' | 'report_fixed'): Performer {
  return (hazard, input, actor, now) => (hazard !== null ? stateRefusal(hazard, action) : createHazard(action, input, actor, now));
}

export const reportPerformers = {
  report: creation('report'),
  report_fixed: creation('report_fixed'),
} satisfies Partial<Record<HazardAction, Performer>>;
