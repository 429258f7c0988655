import QRCode from 'qrcode';
import { worstRiskLevel, RISK_LEVEL_COLOURS, type HazardDomain } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import {
  findCardPoint,
  findCardPoints,
  findCardSchool,
  findPointRisks,
  findRiskMeasures,
  findSchoolAdminContact,
  type CardPointRow,
  type CardSchoolRow,
} from './risk-card.repository.js';
import type { RiskCard, RiskCardRisk, RiskCards, RiskCardsQuery } from '@xiaoan/contracts';

/**
 * GET /api/risk-cards: the risk notice cards (风险告知卡) of one point or of every point of a
 * school, as data the web's print view lays out on A4 or A5. Read only: no command, no audit.
 */

/** How many measures a card lists per risk ("main" measures: the first ones entered). */
export const CARD_MEASURES_PER_RISK = 6;

/**
 * The point's QR code, made exactly as the points' print sheet makes it
 * (inspection-points/print-sheet.ts): the address `${baseUrl}${qrPath}` with qrPath = `/p/<token>`
 * (point.repository.ts), as SVG, error correction M, margin 1. Scanning it opens the point's check.
 */
async function pointQr(token: string, baseUrl: string): Promise<{ url: string; svg: string }> {
  const url = `${baseUrl}/p/${token}`;
  return { url, svg: await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 }) };
}

/** The school's emergency contact: its registered safety officer and phone, else its admin's account. */
async function emergencyOf(db: DbOrTrx, school: CardSchoolRow): Promise<RiskCards['emergency']> {
  const phone = school.phone?.trim() || null;
  const officer = school.safety_officer?.trim() || school.principal?.trim() || '';
  if (phone) return { name: officer || school.name, phone, source: 'school' };
  const admin = await findSchoolAdminContact(db, school.id);
  if (admin && (admin.phone || !officer)) return { name: admin.display_name, phone: admin.phone?.trim() || null, source: 'admin' };
  return officer ? { name: officer, phone: null, source: 'school' } : null;
}

const pickSchool = () => invalid('schoolId: 请选择学校或点位', { fields: [{ field: 'schoolId', code: 'INVALID_INPUT', message: '请选择学校或点位' }] });

export async function riskCards(db: DbOrTrx, ctx: RequestContext, q: RiskCardsQuery, baseUrl: string): Promise<RiskCards> {
  let points: CardPointRow[];
  let school: CardSchoolRow | undefined;
  if (q.pointId) {
    const point = await findCardPoint(db, ctx.scope, q.pointId);
    if (!point || (q.schoolId && q.schoolId !== point.school_id)) throw notFound('点位');
    if (point.retired_on) {
      throw invalid('pointId: 该点位已停用，不再打印告知卡', { fields: [{ field: 'pointId', code: 'INVALID_INPUT', message: '该点位已停用，不再打印告知卡' }] });
    }
    school = await findCardSchool(db, ctx.scope, point.school_id);
    points = [point];
  } else {
    const schoolId = q.schoolId ?? (await defaultSchoolId(db, ctx));
    if (!schoolId) throw pickSchool();
    school = await findCardSchool(db, ctx.scope, schoolId);
    if (!school) throw notFound('学校');
    points = await findCardPoints(db, ctx.scope, school.id);
  }
  if (!school) throw notFound('学校');

  const risks = await findPointRisks(db, ctx.scope, points.map((p) => p.id));
  const measures = await findRiskMeasures(db, risks.map((r) => r.id));
  const measuresOf = new Map<string, typeof measures>();
  for (const m of measures) measuresOf.set(m.risk_id, [...(measuresOf.get(m.risk_id) ?? []), m]);

  const cards: RiskCard[] = await Promise.all(
    points.map(async (p) => {
      const own: RiskCardRisk[] = risks
        .filter((r) => r.point_id === p.id)
        .map((r) => {
          const all = measuresOf.get(r.id) ?? [];
          return {
            id: r.id,
            name: r.name,
            description: r.description,
            domain: r.domain as HazardDomain,
            score: r.score,
            level: r.level,
            colour: RISK_LEVEL_COLOURS[r.level],
            residualLevel: r.residual_level,
            measures: all.slice(0, CARD_MEASURES_PER_RISK).map((m) => ({ description: m.description, tier: m.tier, department: m.department, person: m.person })),
            measureCount: all.length,
          };
        });
      const people = own.flatMap((r) => r.measures.map((m) => m.person.trim())).filter(Boolean);
      const qr = await pointQr(p.qr_token, baseUrl);
      return {
        point: { id: p.id, name: p.name, pointType: p.point_type, location: p.location, unitName: p.unit_name },
        risks: own,
        worst: worstRiskLevel(own.map((r) => r.level)),
        responsible: p.responsible_name.trim() || [...new Set(people)].slice(0, 2).join('、'),
        qrUrl: qr.url,
        qrSvg: qr.svg,
      };
    }),
  );
  return { school: { id: school.id, name: school.name }, emergency: await emergencyOf(db, school), cards };
}

/** A school user's own school; undefined for everyone else (a campus user names its school, as the points page does). */
async function defaultSchoolId(db: DbOrTrx, ctx: RequestContext): Promise<string | undefined> {
  const own = await findCardSchool(db, ctx.scope, ctx.actor.unitId);
  return own?.id;
}
