import { Type, type Static } from 'typebox';
import { FOUR_100_CODES } from '@xiaoan/domain';

/** The four 100 % indicators (四个100%, GET /api/indicators/four-100): features/indicators. */

const Code = Type.Unsafe<(typeof FOUR_100_CODES)[number]>({ type: 'string', enum: [...FOUR_100_CODES], description: 'full_time_guards 专职保安员配备率、closed_campus 学校封闭化管理率、alarm_video 一键式紧急报警和视频监控系统达标率、escort_posts 护学岗配备率' });

export const Four100Query = Type.Object(
  { unitId: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: '区县、片区或学校（缺省为调用者的整个范围）；范围外与不存在一样 404' })) },
  { additionalProperties: false },
);
export type Four100Query = Static<typeof Four100Query>;

export const Four100Unit = Type.Object({ id: Type.String(), name: Type.String(), kind: Type.String({ description: 'bureau 区县、area 片区、school 学校；督查小组整个范围时为 team' }) });

export const Four100Indicator = Type.Object({
  code: Code,
  name: Type.String(),
  /** passing ÷ schools, the exact quotient (0 when there are no schools). */
  rate: Type.Number(),
  schools: Type.Integer(),
  passing: Type.Integer(),
  failing: Type.Array(Type.Object({ unitId: Type.String(), name: Type.String() })),
});

export const Four100 = Type.Object({ unit: Four100Unit, indicators: Type.Array(Four100Indicator) });
export type Four100 = Static<typeof Four100>;

/** The unit's children (areas of a district, schools of an area) with each indicator's figures, for the drill-down table. */
export const Four100Breakdown = Type.Object({
  unit: Four100Unit,
  rows: Type.Array(
    Type.Object({
      unit: Four100Unit,
      schools: Type.Integer(),
      indicators: Type.Array(Type.Object({ code: Code, passing: Type.Integer(), rate: Type.Number() })),
    }),
  ),
});
export type Four100Breakdown = Static<typeof Four100Breakdown>;
