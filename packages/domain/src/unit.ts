/** Kinds of node in the organisation tree: 教育局 → 片区 → 学校 → 校区. */
export const UNIT_KINDS = ['bureau', 'area', 'school', 'campus'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  bureau: '教育局',
  area: '片区',
  school: '学校',
  campus: '校区',
};

/** Which kinds may sit directly under which (a school may sit under the bureau when a district has no areas). */
export const ALLOWED_PARENT_KINDS: Record<UnitKind, readonly (UnitKind | null)[]> = {
  bureau: [null],
  area: ['bureau'],
  school: ['bureau', 'area'],
  campus: ['school'],
};

export const SCHOOL_KINDS = [
  'kindergarten',
  'primary',
  'middle',
  'high',
  'nine_year',
  'vocational',
  'special',
  'training',
] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

export const SCHOOL_KIND_LABELS: Record<SchoolKind, string> = {
  kindergarten: '幼儿园',
  primary: '小学',
  middle: '初级中学',
  high: '高级中学',
  nine_year: '九年一贯制学校',
  vocational: '职业学校',
  special: '特殊教育学校',
  training: '校外培训机构',
};

/** Accepts a label, a short form or the code name, e.g. "幼儿园", "初中", "middle". */
export function parseSchoolKind(text: string): SchoolKind | null {
  const t = text.trim();
  if ((SCHOOL_KINDS as readonly string[]).includes(t)) return t as SchoolKind;
  const synonyms: Record<string, SchoolKind> = {
    幼儿园: 'kindergarten', 幼: 'kindergarten',
    小学: 'primary',
    初中: 'middle', 初级中学: 'middle',
    高中: 'high', 高级中学: 'high', 完全中学: 'high',
    九年一贯制: 'nine_year', 九年一贯制学校: 'nine_year', 十二年一贯制: 'nine_year',
    职校: 'vocational', 职业学校: 'vocational', 中职: 'vocational', 技工院校: 'vocational',
    特殊教育: 'special', 特殊教育学校: 'special', 特校: 'special',
    培训机构: 'training', 校外培训机构: 'training',
  };
  return synonyms[t] ?? null;
}

/**
 * Infers the kind of a school from its Chinese name, as bureaus name schools:
 * "…幼儿园" is a kindergarten, "…高级中学" a high school, "…实验学校"/"…学校" a nine-year school.
 * Returns null when the name does not tell.
 */
export function inferSchoolKind(name: string): SchoolKind | null {
  const n = name.replace(/（.*?）|\(.*?\)/g, '');
  if (/幼儿园|分园|托儿所/.test(n)) return 'kindergarten';
  if (/特殊教育|特教|培智|聋哑|盲校/.test(n)) return 'special';
  if (/职业|职教|技工|中专|职校/.test(n)) return 'vocational';
  if (/高级中学|高中|完全中学/.test(n)) return 'high';
  if (/初级中学|初中/.test(n)) return 'middle';
  if (/小学/.test(n)) return 'primary';
  if (/中学/.test(n)) return 'middle';
  if (/学校$/.test(n)) return 'nine_year';
  if (/培训/.test(n)) return 'training';
  return null;
}
