import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../src/app.js';
import type { Client } from './app.js';

export type Part = { name: string; data: Buffer | string; filename?: string; contentType?: string };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart/form-data body, built by hand as a browser would send it. */
export function multipartBody(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----xiaoan${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const type = p.filename === undefined ? '' : `Content-Type: ${p.contentType ?? XLSX_TYPE}\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`));
    chunks.push(Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts parts as multipart/form-data with the client's session (and CSRF header unless `csrf: false`). */
export function postParts(app: App, client: Client, url: string, parts: Part[], opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartBody(parts);
  return app.inject({
    method: 'POST',
    url,
    headers: { cookie: client.cookie, ...(opts.csrf === false ? {} : { 'x-csrf-token': client.csrf }), 'content-type': contentType },
    payload,
  });
}

/** Posts one file in the field `file`. */
export function postFile(app: App, client: Client, url: string, file: Buffer, opts: { filename?: string; csrf?: boolean } = {}) {
  return postParts(app, client, url, [{ name: 'file', filename: opts.filename ?? '学校名单.xlsx', data: file }], opts);
}

/** An .xlsx file with one worksheet per entry, each given as rows of cell values. */
export async function xlsxOf(sheets: { name?: string; rows: ExcelJS.CellValue[][]; merge?: string[] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(s.name ?? `Sheet${i + 1}`);
    for (const r of s.rows) ws.addRow(r);
    for (const m of s.merge ?? []) ws.mergeCells(m);
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** An .xlsx with a single sheet. */
export const sheetOf = (rows: ExcelJS.CellValue[][], name?: string) => xlsxOf([{ name, rows }]);
