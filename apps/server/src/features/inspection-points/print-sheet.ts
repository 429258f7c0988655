import QRCode from 'qrcode';
import { FREQUENCY_LABELS, POINT_TYPE_LABELS, type Frequency, type PointType } from '@xiaoan/domain';
import type { PointSummary } from '@xiaoan/contracts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A printable A4 sheet of a school's points: one card per point with its QR code, to cut out
 * and post at the place. The code opens that point's check on a phone (after login).
 */
export async function renderPrintSheet(schoolName: string, points: readonly PointSummary[], baseUrl: string): Promise<string> {
  const cards = await Promise.all(
    points.map(async (p) => {
      const url = `${baseUrl}${p.qrPath}`;
      const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return `<section class="card">
  <div class="qr">${svg}</div>
  <div class="info">
    <h2>${esc(p.name)}</h2>
    <p>${esc(POINT_TYPE_LABELS[p.pointType as PointType] ?? p.pointType)} · ${esc(FREQUENCY_LABELS[p.frequency as Frequency])}检查</p>
    ${p.location ? `<p>位置：${esc(p.location)}</p>` : ''}
    ${p.responsibleName ? `<p>责任人：${esc(p.responsibleName)}</p>` : ''}
    <p class="small">检查表：${esc(p.checklists.map((c) => c.title).join('、') || '（未配置）')}</p>
    <p class="small">扫码登录后即可开始本点位检查</p>
  </div>
</section>`;
    }),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(schoolName)} 隐患排查点位二维码</title>
<style>
  @page { size: A4; margin: 12mm; }
  * { box-sizing: border-box; }
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #111; }
  header { display: flex; justify-content: space-between; align-items: baseline; margin: 0 0 6mm; }
  h1 { font-size: 18pt; margin: 0; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
  .card { border: 1px dashed #888; padding: 4mm; display: flex; gap: 4mm; break-inside: avoid; page-break-inside: avoid; height: 58mm; }
  .qr { width: 48mm; flex: none; } .qr svg { width: 48mm; height: 48mm; }
  .info h2 { font-size: 14pt; margin: 0 0 2mm; }
  .info p { margin: 0 0 1.5mm; font-size: 10pt; }
  .small { color: #555; font-size: 8.5pt !important; }
  @media screen { body { max-width: 210mm; margin: 8mm auto; } .hint { color: #555; } }
  @media print { .hint { display: none; } }
</style></head>
<body>
<header><h1>${esc(schoolName)} · 隐患排查点位</h1><span class="hint">共 ${points.length} 个点位 · 用浏览器“打印”输出 A4</span></header>
${points.length ? `<div class="grid">${cards.join('\n')}</div>` : '<p>本校尚未设置点位。</p>'}
</body></html>`;
}
