/**
 * The columns of a hazard ledger (隐患台账) as other systems and older ledgers name them:
 * 双重预防 systems, provincial templates, last year's Excel. One table of names per field,
 * a few keyword rules for the headers no table foresaw, and the layout's fingerprint the
 * platform remembers a user's mapping by.
 */

/**
 * The fields a ledger column can fill. `fundsTenThousandYuan` is a funds column in
 * 万元 (e.g. "整改资金（万元）"): read it with `parseFundsFen(value, 'ten_thousand_yuan')`.
 */
export const LEDGER_FIELDS = [
  'school',
  'domain',
  'grade',
  'title',
  'description',
  'location',
  'foundAt',
  'foundBy',
  'source',
  'owner',
  'measures',
  'funds',
  'fundsTenThousandYuan',
  'dueDate',
  'contingencyPlan',
  'interimControls',
  'watcher',
  'progress',
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

/**
 * The end of the story, in ledgers that keep closed hazards: 整改状态 (已整改 / 未整改 …),
 * when the fix was done, and who verified it, when and how. Kept apart from
 * LEDGER_FIELDS so that code written against the first eighteen keeps compiling.
 */
export const LEDGER_CLOSURE_FIELDS = ['status', 'rectifiedAt', 'verifier', 'verifiedAt', 'verificationResult'] as const;
export type LedgerClosureField = (typeof LEDGER_CLOSURE_FIELDS)[number];

/** Every field a column can fill (what a mapping may name). */
export const LEDGER_COLUMN_FIELDS = [...LEDGER_FIELDS, ...LEDGER_CLOSURE_FIELDS] as const;
export type LedgerColumnField = (typeof LEDGER_COLUMN_FIELDS)[number];

/** Each field's usual name first (an exact hit on it is "standard"), then the other names it goes by. */
const HEADER_SYNONYMS: Record<Exclude<LedgerColumnField, 'fundsTenThousandYuan'>, readonly string[]> = {
  school: ['学校', '学校名称', '单位', '单位名称', '学校(单位)', '学校(园)', '所属学校', '责任单位', '隐患单位', '排查单位', '被检查单位', '受检单位', '学校(幼儿园)', '校名'],
  domain: ['隐患类别', '隐患类型', '类别', '类型', '隐患分类', '所属领域', '隐患领域', '领域', '问题类别', '问题类型', '行业领域', '隐患所属类别', '安全类别'],
  grade: ['隐患等级', '等级', '隐患级别', '级别', '隐患程度', '风险等级'],
  title: ['隐患名称', '隐患标题', '标题', '问题名称', '隐患事项', '隐患简述', '隐患名称及描述'],
  description: [
    '隐患描述', '隐患内容', '存在问题', '存在的问题', '存在的安全隐患', '问题描述', '隐患情况', '主要问题', '隐患问题', '发现问题', '检查发现的问题',
    '隐患具体情况', '隐患详情', '隐患基本情况', '存在的主要问题', '隐患及问题', '问题及隐患', '具体问题', '问题清单', '隐患具体内容', '存在隐患', '安全隐患',
    '隐患(问题)描述', '隐患描述及位置', '排查出的隐患', '排查发现问题', '问题隐患', '检查情况',
  ],
  location: ['隐患位置', '位置', '地点', '部位', '隐患部位', '具体位置', '隐患地点', '所在位置', '场所', '隐患所在部位', '隐患所在位置', '区域'],
  foundAt: ['发现时间', '排查时间', '发现日期', '排查日期', '检查时间', '检查日期', '上报时间', '上报日期', '登记时间', '登记日期', '督查时间', '检查日期时间'],
  foundBy: ['发现人', '排查人', '检查人', '上报人', '排查人员', '检查人员', '督查人员', '登记人', '检查组'],
  source: ['发现方式', '来源', '检查方式', '隐患来源', '排查方式', '排查类型', '检查类型', '检查形式', '排查形式'],
  owner: ['责任人', '整改责任人', '整改负责人', '负责人', '责任人员', '整改人', '整改责任人员', '隐患整改责任人', '治理责任人'],
  measures: ['整改措施', '措施', '整改方案', '治理措施', '整改建议', '整改要求', '治理方案', '防范措施', '整改意见', '处理措施', '整改措施及方案'],
  funds: ['整改资金', '资金', '整改经费', '经费', '资金投入', '整改投入', '投入资金', '治理资金', '整改费用', '费用', '资金落实'],
  dueDate: ['整改时限', '整改期限', '完成时限', '整改完成时限', '计划完成时间', '计划完成日期', '整改完成期限', '时限', '期限', '完成期限', '要求完成时间', '限期整改时间', '预计完成时间'],
  contingencyPlan: ['应急预案', '预案', '应急措施', '应急处置措施', '整改预案'],
  interimControls: ['临时管控措施', '临时措施', '管控措施', '临时防范措施', '监控措施', '防控措施'],
  watcher: ['专人盯防', '盯防人', '盯防责任人', '监控责任人', '监管人', '盯防人员'],
  progress: ['整改情况', '整改进展', '整改进度', '整改落实情况', '整改结果', '治理情况', '整改情况说明', '处理情况'],
  status: ['整改状态', '完成情况', '是否整改', '是否完成整改', '是否整改到位', '整改完成情况', '状态', '隐患状态', '销号情况', '是否销号', '治理状态', '闭环情况'],
  rectifiedAt: ['整改完成时间', '实际完成时间', '完成时间', '完成日期', '整改完成日期', '实际完成日期', '整改日期'],
  verifier: ['验收人', '复查人', '销号人', '验收人员', '复查人员', '核查人', '复核人', '验收责任人', '验收确认人'],
  verifiedAt: ['验收时间', '销号时间', '复查日期', '验收日期', '销号日期', '复查时间', '核查时间', '复核时间', '闭环时间'],
  verificationResult: ['验收意见', '复查结果', '验收结果', '复查意见', '验收情况', '复查情况', '核查结果', '销号意见'],
};

/** A header as compared with the names: NFKC, all white space removed, required-marks (*) and a trailing colon dropped. */
export function normaliseLedgerHeader(header: string): string {
  return header.normalize('NFKC').replace(/\s+/g, '').replace(/^\*+|[*:]+$/g, '');
}

const HEADER_INDEX: ReadonlyMap<string, LedgerColumnField> = new Map(
  (Object.entries(HEADER_SYNONYMS) as [LedgerColumnField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((n) => [n, field] as const),
  ),
);
const STANDARD_NAMES: ReadonlySet<string> = new Set(Object.values(HEADER_SYNONYMS).map((names) => names[0]!));

/** How sure the matcher is about a column: the kinds of evidence, best first. */
export type LedgerHeaderMatch = {
  field: LedgerColumnField | null;
  /** 'standard': the field's usual name; 'synonym': another known name; 'keyword': the header contains a telling word; 'none': not recognised. */
  basis: 'standard' | 'synonym' | 'keyword' | 'none';
  /** 0…1: 1 for the usual name, 0.9 for a known other name, 0.6 for a keyword, 0 for none. */
  confidence: number;
  /** Why, in Chinese, for the mapping step. */
  reason: string;
};

function lookup(text: string): { field: LedgerColumnField | null; note: string | null; name: string } {
  let name = text;
  let note: string | null = null;
  const trailing = /^(.+?)\(([^()]*)\)$/.exec(text);
  if (trailing && trailing[1] && !HEADER_INDEX.has(text)) {
    name = trailing[1];
    note = trailing[2] ?? null;
  }
  const field = HEADER_INDEX.get(name) ?? null;
  return { field: field === 'funds' && note !== null && /万元?/.test(note) ? 'fundsTenThousandYuan' : field, note, name };
}

/**
 * Maps a ledger column header to the field it fills, or null for an unknown column
 * (e.g. 序号). Matching is exact after normalising: NFKC (full-width parentheses and
 * spaces become ASCII), all white space removed, required-marks (*) and a trailing colon
 * dropped, and a trailing parenthesised note dropped ("资金（元）" → 资金, "整改期限(年月日)"
 * → 整改期限). A funds header whose note is 万元 gives 'fundsTenThousandYuan'.
 * Only the fields of LEDGER_FIELDS: the closure columns are `matchLedgerColumn`'s.
 */
export function matchLedgerHeader(header: string): LedgerField | null {
  const field = matchLedgerColumn(header);
  return field !== null && (LEDGER_FIELDS as readonly string[]).includes(field) ? (field as LedgerField) : null;
}

/** As matchLedgerHeader, for every field a column can fill (the closure columns too). */
export function matchLedgerColumn(header: string): LedgerColumnField | null {
  return lookup(normaliseLedgerHeader(header)).field;
}

/**
 * Headers no table foresaw, by the words they contain, in order (the first rule that
 * matches wins). Each rule is narrow on purpose: a wrong guess the user has to notice
 * is worse than a column left for the user to map.
 */
const KEYWORD_RULES: readonly { re: RegExp; not?: RegExp; field: LedgerColumnField; word: string }[] = [
  { re: /(验收|销号|复查|复核|核查).*(人|人员)$/, field: 'verifier', word: '验收人' },
  { re: /(验收|销号|复查|复核|核查).*(时间|日期)$/, field: 'verifiedAt', word: '验收时间' },
  { re: /(验收|销号|复查|复核|核查).*(意见|结果|结论|情况)$/, field: 'verificationResult', word: '验收意见' },
  { re: /(实际|整改)?完成.*(时间|日期)$/, not: /(计划|要求|预计|时限|期限)/, field: 'rectifiedAt', word: '完成时间' },
  { re: /(时限|期限|计划.*完成|要求.*完成|预计.*完成|限期)/, field: 'dueDate', word: '时限' },
  { re: /(排查|检查|发现|上报|登记).*(时间|日期)$/, field: 'foundAt', word: '排查时间' },
  { re: /(排查|检查|发现|上报).*(人|人员)$/, field: 'foundBy', word: '排查人' },
  { re: /(盯防|监管人|看护)/, field: 'watcher', word: '盯防' },
  { re: /临时.*(措施|管控)/, field: 'interimControls', word: '临时措施' },
  { re: /预案/, field: 'contingencyPlan', word: '预案' },
  { re: /(责任人|负责人)/, field: 'owner', word: '责任人' },
  { re: /(措施|方案)/, field: 'measures', word: '措施' },
  { re: /^(整改|治理)?(资金|经费|费用|投入|金额)/, not: /(来源|说明|渠道)/, field: 'funds', word: '资金' },
  { re: /(是否|状态)/, field: 'status', word: '状态' },
  { re: /(整改|治理|落实).*(情况|进展|进度)/, field: 'progress', word: '整改情况' },
  { re: /(类别|类型|分类|领域)$/, field: 'domain', word: '类别' },
  { re: /(等级|级别)$/, field: 'grade', word: '等级' },
  { re: /(位置|部位|地点|场所)/, field: 'location', word: '位置' },
  { re: /(学校|单位|园所)(名称)?$/, field: 'school', word: '学校' },
  { re: /(隐患|问题).*(名称|标题)$/, field: 'title', word: '名称' },
  { re: /(隐患|问题).*(描述|内容|情况|详情|表现)$/, field: 'description', word: '隐患内容' },
];
/** Columns that carry no hazard data: never guessed at. */
const NO_DATA_RE = /(序号|编号|备注|说明|附件|照片|图片|签字|签名)$/;

/**
 * The field a header fills with how sure the match is and why (for the mapping step in
 * the UI): the usual name, a known other name (the tables above), else a keyword rule.
 */
export function explainLedgerHeader(header: string): LedgerHeaderMatch {
  const text = normaliseLedgerHeader(header);
  const { field, name } = lookup(text);
  if (field !== null) {
    return STANDARD_NAMES.has(name)
      ? { field, basis: 'standard', confidence: 1, reason: `标准列名“${name}”` }
      : { field, basis: 'synonym', confidence: 0.9, reason: `“${name}”是常见的别名` };
  }
  if (text === '' || NO_DATA_RE.test(text)) return { field: null, basis: 'none', confidence: 0, reason: '不含隐患信息的列（序号、备注等），不导入' };
  for (const rule of KEYWORD_RULES) {
    if (rule.re.test(text) && !(rule.not?.test(text) ?? false)) {
      const f: LedgerColumnField = rule.field === 'funds' && /万元?/.test(text) ? 'fundsTenThousandYuan' : rule.field;
      return { field: f, basis: 'keyword', confidence: 0.6, reason: `列名中含“${rule.word}”，推测为该字段，请确认` };
    }
  }
  return { field: null, basis: 'none', confidence: 0, reason: '无法识别，不导入；如含隐患信息请手动指定字段' };
}

/**
 * The layout's identity for remembering a mapping: the normalised headers in column order.
 * The same template filled in again next term gives the same key; a layout with one
 * column more or renamed is another layout.
 */
export function ledgerLayoutKey(headers: readonly string[]): string {
  return headers.map(normaliseLedgerHeader).join('\u001f');
}

/** Words of a 整改状态 cell. */
const CLOSED_WORDS = /^(已整改|已完成|已销号|已验收|已闭环|整改完成|已整改完成|已整改到位|整改到位|完成|已完成整改|是|已处理|已解决|销号|已复查|合格|验收合格|通过|已落实)$/;
const PENDING_WORDS = /^(待验收|已整改待验收|整改完成待验收|待复查|待销号)$/;
const OPEN_WORDS = /^(未整改|整改中|正在整改|未完成|否|待整改|未销号|未验收|部分整改|持续整改|限期整改|未处理|不合格|验收不合格|未通过|已上报|已登记|不予登记|已退回)$/;

/**
 * A 整改状态 / 是否整改 / 验收意见 cell as the ledger means it: 'closed' (已整改, 已销号,
 * 已验收, 是, 合格 …), 'pending' (待验收), 'open' (未整改, 整改中, 否, 不合格 …), or null
 * when the text is no status word (then it is a note). Trailing punctuation is ignored.
 */
export function parseRectificationStatus(text: unknown): 'closed' | 'pending' | 'open' | null {
  if (typeof text !== 'string') return null;
  const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/[。.!！,，;；]+$/, '');
  if (t === '') return null;
  if (PENDING_WORDS.test(t)) return 'pending';
  if (CLOSED_WORDS.test(t) || /^(同意销号|同意验收|验收通过|整改合格|复查合格)/.test(t)) return 'closed';
  if (OPEN_WORDS.test(t) || /^(不同意|不合格|未通过)/.test(t)) return 'open';
  return null;
}
