import QRCode from 'qrcode';
import { shanghaiDate, VEHICLE_STATUS_LABELS } from '@xiaoan/domain';
import type { DbOrTrx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import { invalid, notFound } from '../../http/errors.js';
import { findSchoolInScope, findSchoolOfUnit } from '../units/index.js';
import { findSchoolVehicles } from './fleet.repository.js';
import { toVehicleSummary, vehicleLink } from './fleet.service.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The school a school-wide read is about: the one named (in scope) or the caller's own. */
export async function readableSchool(db: DbOrTrx, ctx: RequestContext, schoolId: string | undefined): Promise<{ id: string; name: string; path: string }> {
  const id = schoolId ?? (await findSchoolOfUnit(db, ctx.actor.unitId));
  if (!id) throw invalid('schoolId: 请选择学校');
  const school = await findSchoolInScope(db, ctx.scope, id);
  if (!school) throw notFound('学校');
  return school;
}

/**
 * A printable A4 sheet of QR labels, one per vehicle of a school (or just one): the code opens
 * the vehicle's record after login, where its documents, routes and check are. Posted inside
 * the bus beside the door.
 */
export async function vehicleLabels(db: DbOrTrx, ctx: RequestContext, q: { schoolId?: string; vehicleId?: string }, baseUrl: string, now = new Date()): Promise<string> {
  const school = await readableSchool(db, ctx, q.schoolId);
  const today = shanghaiDate(now);
  const all = (await findSchoolVehicles(db, school.id)).map((r) => toVehicleSummary(r, today));
  const vehicles = q.vehicleId ? all.filter((v) => v.id === q.vehicleId) : all;
  if (q.vehicleId && vehicles.length === 0) throw notFound('校车');
  const cards = await Promise.all(
    vehicles.map(async (v) => {
      const svg = await QRCode.toString(`${baseUrl}${vehicleLink(v.id)}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return `<section class="card" data-plate="${esc(v.plate)}">
  <div class="qr">${svg}</div>
  <div class="info">
    <h2>${esc(v.plate)}</h2>
    <p>核载 ${v.seats} 人 · ${esc(v.operator)}</p>
    ${v.documents.map((d) => `<p>${esc(d.label)}有效期至 ${d.expiresOn}</p>`).join('')}
    ${v.gpsDeviceId ? `<p>卫星定位：${esc(v.gpsDeviceId)}</p>` : ''}
    <p class="small">打印时状态：${esc(VEHICLE_STATUS_LABELS[v.status])}</p>
    <p class="small">扫码登录后查看本车台账并做出车检查</p>
  </div>
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(school.name)} 校车二维码标签</title>
<style>
  @page { size: A4; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #111; }
  header { display: flex; justify-content: space-between; align-items: baseline; margin: 0 0 6mm; flex-wrap: wrap; gap: 4mm; }
  h1 { font-size: 18pt; margin: 0; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
  .card { border: 1px dashed #888; padding: 4mm; display: flex; gap: 4mm; break-inside: avoid; page-break-inside: avoid; min-height: 58mm; }
  .qr { width: 44mm; flex: none; } .qr svg { width: 44mm; height: 44mm; }
  .info h2 { font-size: 16pt; margin: 0 0 2mm; letter-spacing: 1px; }
  .info p { margin: 0 0 1.2mm; font-size: 9.5pt; }
  .small { color: #555; font-size: 8.5pt !important; }
  @media screen { body { max-width: 210mm; margin: 8mm auto; padding: 0 4mm; } .hint { color: #555; } }
  @media screen and (max-width: 600px) { .grid { grid-template-columns: 1fr; } }
  @media print { .hint { display: none; } }
</style></head>
<body>
<header><h1>${esc(school.name)} · 校车二维码标签</h1><span class="hint">共 ${vehicles.length} 辆 · 用浏览器“打印”输出 A4</span></header>
${vehicles.length ? `<div class="grid">${cards.join('\n')}</div>` : '<p>本校尚未登记校车。</p>'}
</body></html>`;
}
