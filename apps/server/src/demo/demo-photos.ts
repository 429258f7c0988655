import sharp from 'sharp';
import { processPhoto } from '../features/files/file.content.js';

/**
 * Three small pictures for the demo ledger's evidence: a hazard as found (a barrier
 * with warning stripes) and two "after rectification" pictures (a green check). They
 * are plain drawings, clearly not real photos, and carry no text (no fonts needed).
 * Each goes through the same pipeline as an upload (re-encoded JPEG + thumbnail).
 */
const W = 960;
const H = 640;

const BEFORE = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <rect width="100%" height="100%" fill="#e9e6df"/>
  <rect x="0" y="470" width="${W}" height="170" fill="#c9c3b8"/>
  <g transform="translate(180 300)">
    <rect x="0" y="0" width="600" height="70" fill="#f2c200"/>
    ${Array.from({ length: 8 }, (_, i) => `<polygon points="${i * 80},0 ${i * 80 + 40},0 ${i * 80},70 ${i * 80 - 40},70" fill="#222"/>`).join('')}
    <rect x="40" y="70" width="24" height="120" fill="#555"/>
    <rect x="536" y="70" width="24" height="120" fill="#555"/>
  </g>
  <polygon points="480,60 600,260 360,260" fill="#d93025"/>
  <polygon points="480,95 572,245 388,245" fill="#fff"/>
  <rect x="470" y="130" width="20" height="70" rx="6" fill="#d93025"/>
  <circle cx="480" cy="222" r="12" fill="#d93025"/>
</svg>`;

const after = (bg: string, ring: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
  <rect width="100%" height="100%" fill="${bg}"/>
  <rect x="0" y="470" width="${W}" height="170" fill="#d5dccf"/>
  <circle cx="480" cy="300" r="170" fill="${ring}"/>
  <circle cx="480" cy="300" r="140" fill="#fff"/>
  <polyline points="395,305 455,365 575,235" fill="none" stroke="${ring}" stroke-width="34" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;

export type DemoPicture = { data: Buffer; thumb: Buffer; width: number; height: number };

export async function renderDemoPictures(): Promise<{ before: DemoPicture; after: DemoPicture[] }> {
  const render = async (svg: string): Promise<DemoPicture> => {
    const png = await sharp(Buffer.from(svg)).png().toBuffer();
    return processPhoto(png, 'png');
  };
  const [before, after1, after2] = await Promise.all([render(BEFORE), render(after('#eef5ea', '#2e9d4f')), render(after('#eaf1f7', '#1f7a8c'))]);
  return { before, after: [after1, after2] };
}
