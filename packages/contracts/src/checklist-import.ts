import { Type, type Static } from 'typebox';
import { Nullable } from './common.js';
import { HAZARD_DOMAIN_CODES } from './hazard.js';
import { ChecklistItemSchema } from './inspection.js';

/*
 * 检查表导入: a school's or bureau's existing checklist (.xlsx) into the checklist library as a
 * new checklist or a new version of one, previewed (the review step) before it is written.
 * The multipart form carries the file; the query (ChecklistImportQuery) says what it becomes:
 * checklistId for a new version of that checklist (with its version on commit), else title and
 * domain of a new checklist (defaults: the sheet's title row and the domain word in it).
 */

const RowError = Type.Object({
  row: Type.Integer({ description: 'Excel 行号（从 1 起）' }),
  column: Nullable(Type.String({ description: '表格中的列名；整行的问题为 null' })),
  message: Type.String(),
});

export const CHECKLIST_IMPORT_FIELD_CODES = ['group', 'text', 'standard', 'basis', 'weight', 'code'] as const;

export const ChecklistImportPreview = Type.Object({
  sheetName: Type.String(),
  headerRow: Type.Integer(),
  columns: Type.Array(
    Type.Object({
      header: Type.String({ description: '表格中的列名' }),
      field: Nullable(Type.String({ description: `识别为的字段（${CHECKLIST_IMPORT_FIELD_CODES.join('、')}：项目、检查内容、检查标准、依据、分值、编号），null 表示不导入（序号、备注等）` })),
    }),
  ),
  columnMatches: Type.Optional(
    Type.Array(
      Type.Object({
        header: Type.String({ description: '表格中的列名' }),
        field: Nullable(Type.String({ description: '识别为的字段，null 表示不导入' })),
        basis: Type.Union([Type.Literal('user'), Type.Literal('standard'), Type.Literal('synonym'), Type.Literal('none')], {
          description: 'user：按请求中的 mapping；standard：标准列名；synonym：常见别名；none：未识别或不导入的列（序号、备注等）',
        }),
        confidence: Type.Number({ minimum: 0, maximum: 1, description: '把握程度：1 确定，0.9 常见别名，0 未识别' }),
        reason: Type.String({ description: '识别依据（中文），供列对应步骤显示' }),
      }),
      { description: '与 columns 一一对应：每列识别为什么字段、依据与把握程度' },
    ),
  ),
  fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), label: Type.String() }), { description: '列可对应的全部字段及其中文名（供列对应下拉框）' })),
  items: Type.Array(Type.Intersect([Type.Object({ row: Type.Integer({ description: 'Excel 行号' }) }), ChecklistItemSchema])),
  errors: Type.Array(RowError),
  warnings: Type.Array(Type.String()),
  target: Type.Object({
    checklistId: Nullable(Type.String({ description: '导入为其新版本的检查表；null 表示新建检查表' })),
    title: Type.String(),
    domain: Nullable(Type.Unsafe<(typeof HAZARD_DOMAIN_CODES)[number]>({ type: 'string', enum: [...HAZARD_DOMAIN_CODES] })),
    versionNo: Type.Integer({ description: '提交后的版本号' }),
    version: Nullable(Type.Integer({ description: '已有检查表当前的 version（提交新版本时带上）' })),
    added: Type.Integer({ description: '与当前版本相比新增的检查项数' }),
    removed: Type.Integer({ description: '与当前版本相比删去的检查项数' }),
    changed: Type.Integer({ description: '与当前版本相比标准、依据或分值改变的检查项数' }),
  }),
});
export type ChecklistImportPreview = Static<typeof ChecklistImportPreview>;

/** The query of both import routes (the upload's own form carries only the file). */
export const ChecklistImportQuery = Type.Object(
  {
    checklistId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '导入为本单位该检查表的新版本' })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '新建检查表的标题（缺省取表格标题行或文件名）' })),
    domain: Type.Optional(Type.Unsafe<(typeof HAZARD_DOMAIN_CODES)[number]>({ type: 'string', enum: [...HAZARD_DOMAIN_CODES], description: '新建检查表的领域（缺省按标题中的领域词判断）' })),
    version: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: '为已有检查表导入新版本时，提交须带预览时该检查表的 version' })),
  },
  { additionalProperties: false },
);
export type ChecklistImportQuery = Static<typeof ChecklistImportQuery>;
